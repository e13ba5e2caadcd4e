package bbh.api.tenant;

import bbh.api.source.RepositoryFiles;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Checks that a stage's bundle adds to the validated stage: what the JSON Schema and bbh.tenant's
 * own rules cannot know, such as the operator's uplinks (bbh.network) or an extension's tree
 * (bbh.sysext). A tenant with a problem from any rule is not valid, exactly as with bbh's own
 * rules: its last valid spec stays in force and no stage runs for it.
 *
 * <p>Called for each changed tenant whose metadata passed bbh's own rules, from several threads at
 * once; must be fast, and must not write anything. {@code bin/bbh validate} runs the rules of the
 * bundles it starts.
 */
@ConsumerType
public interface TenantRule {

    /** Service property: a short name for the rule set, e.g. {@code network}. Required. */
    String NAME = "bbh.rule";

    /**
     * The problems of one tenant, empty when there are none. Each names the tenant's metadata file
     * or the file at fault, and the field, as {@link ValidationProblem} describes.
     *
     * @param spec the tenant, valid by bbh's own rules
     * @param files the repository at the commit being validated
     */
    List<ValidationProblem> check(TenantSpec spec, RepositoryFiles files);
}
