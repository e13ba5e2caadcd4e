package bbh.tenant.sync;

import bbh.api.tenant.RepositoryRule;
import bbh.api.tenant.TenantRule;
import bbh.api.tenant.TenantSpec;
import bbh.api.tenant.TenantValidator;
import bbh.api.tenant.ValidationProblem;
import bbh.api.tenant.ValidationReport;
import bbh.tenant.source.RepositorySnapshot;
import bbh.tenant.source.RepositorySource;
import bbh.tenant.source.RepositoryUnavailableException;
import bbh.tenant.source.TenantFolder;
import bbh.tenant.validate.RepositoryRules;
import bbh.tenant.validate.RuleChecks;
import bbh.tenant.validate.RuleRegistry;
import bbh.tenant.validate.TenantCheck;
import bbh.tenant.validate.TenantValidation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Validates a whole repository without touching the pipeline. A folder is validated as its files
 * are, committed or not, so {@code bbh validate .} checks a change before it is committed; a URL
 * is cloned into a temporary folder and its default branch's head validated. The checks of stage
 * bundles ({@link TenantRule} services) run on the tenants that pass bbh's own, as in the pipeline;
 * the checks of the operator-wide part ({@link RepositoryRule} services) run every time, and their
 * problems count as problems (the report is not all valid) without making a tenant invalid.
 */
@Component
public final class LocationValidator implements TenantValidator {

    private final RuleRegistry rules = new RuleRegistry();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addRule(TenantRule rule, Map<String, Object> properties) {
        rules.add(rule, properties);
    }

    void removeRule(TenantRule rule, Map<String, Object> properties) {
        rules.remove(rule, properties);
    }

    private final RepositoryRules repositoryRules = new RepositoryRules();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addRepositoryRule(RepositoryRule rule, Map<String, Object> properties) {
        repositoryRules.add(rule, properties);
    }

    void removeRepositoryRule(RepositoryRule rule, Map<String, Object> properties) {
        repositoryRules.remove(rule, properties);
    }


    @Override
    public ValidationReport validate(String location) throws IOException {
        Path scratch = Files.createTempDirectory("bbh-validate-");
        try (RepositorySource source = new RepositorySource(location, "", scratch);
                RepositorySnapshot snapshot = looksLikeUrl(location) ? source.open() : source.openWorkingFiles()) {
            return validateAll(snapshot);
        } catch (RepositoryUnavailableException e) {
            throw new IOException(e.getMessage(), e);
        } finally {
            deleteTree(scratch);
        }
    }

    private ValidationReport validateAll(RepositorySnapshot snapshot) throws IOException {
        List<TenantFolder> folders = new ArrayList<>();
        for (String name : snapshot.tenantTrees().keySet()) {
            snapshot.tenant(name).ifPresent(folders::add);
        }
        List<TenantCheck> checks = RuleChecks.apply(TenantValidation.shared().validate(folders, List.of()),
                rules.current(), snapshot.files());
        List<TenantSpec> valid = new ArrayList<>();
        List<ValidationProblem> problems = new ArrayList<>();
        for (TenantCheck c : checks) {
            if (c.valid()) {
                valid.add(c.spec());
            }
            problems.addAll(c.problems());
        }
        problems.addAll(RepositoryRules.check(repositoryRules.current(), snapshot.files()));
        problems.sort(Comparator.comparing(ValidationProblem::path)
                .thenComparingInt(ValidationProblem::line)
                .thenComparingInt(ValidationProblem::column));
        return new ValidationReport(snapshot.commit(), folders.size(), valid, problems);
    }

    /** URLs and scp-like {@code user@host:path}; everything else is a folder. */
    static boolean looksLikeUrl(String location) {
        return location.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") || location.matches("^[^/:]+@[^/:]+:.*");
    }

    private static void deleteTree(Path top) throws IOException {
        try (Stream<Path> all = Files.walk(top)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
