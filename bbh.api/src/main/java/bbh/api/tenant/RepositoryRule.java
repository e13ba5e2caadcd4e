package bbh.api.tenant;

import bbh.api.source.RepositoryFiles;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Checks that a stage's bundle adds to the validated stage for the repository's operator-wide part,
 * what belongs to no tenant: the trees {@code extensions/<name>/} at the repository's top, which
 * bbh.sysext merges on the host. The counterpart of {@link TenantRule}, registered the same way
 * (service property {@link #NAME}).
 *
 * <p>Its problems are {@linkplain ValidationProblem#operatorWide(String, int, int, String, String)
 * operator-wide}: they make no tenant invalid (no tenant can depend on an operator-wide tree) and
 * no tenant event is sent for them; they are reported where tenants' problems are (the
 * synchronisation's {@link bbh.api.source.SyncReport#problems()}, the log, {@code bbh:validate}),
 * and {@code bin/bbh validate} exits 1 on one. What the host has merged stays in force: the
 * bundle that merges refuses a bad tree at merge time as well.
 *
 * <p>When it runs: on a synchronisation, once for each commit whose top {@code extensions/} folder
 * differs from the one last checked (and again when the set of rules changed); by
 * {@code bin/bbh validate} and {@code bbh:validate} always. Must be fast, and must not write
 * anything.
 *
 * @since bbh.api.tenant 1.5
 */
@ConsumerType
public interface RepositoryRule {

    /** Service property: a short name for the rule set, e.g. {@code sysext}. As {@link TenantRule#NAME}. */
    String NAME = TenantRule.NAME;

    /** The folder at the repository's top whose change makes a synchronisation run these rules. */
    String WATCHED_FOLDER = "extensions";

    /**
     * The repository's operator-wide problems, empty when there are none; each names the file at
     * fault and what was expected, and has no tenant ({@link ValidationProblem#operatorWide()}).
     *
     * @param files the repository at the commit being validated
     */
    List<ValidationProblem> check(RepositoryFiles files);
}
