package bbh.tenant.validate;

import bbh.api.source.RepositoryFiles;
import bbh.api.tenant.TenantRule;
import bbh.api.tenant.ValidationProblem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Runs the checks stage bundles add ({@link TenantRule}) on the tenants that passed bbh's own: a
 * tenant with any problem from a rule becomes invalid, exactly as with bbh's own rules. A rule that
 * throws makes the tenant invalid too, with a problem naming the rule: a check that could not run
 * passed nothing.
 */
public final class RuleChecks {
    private RuleChecks() {}

    /** Below this many tenants, checking them one after another is cheaper than forking. */
    private static final int PARALLEL_FROM = 32;

    private static final Comparator<ValidationProblem> ORDER = Comparator.comparing(ValidationProblem::path)
            .thenComparingInt(ValidationProblem::line)
            .thenComparingInt(ValidationProblem::column)
            .thenComparing(ValidationProblem::field)
            .thenComparing(ValidationProblem::expected);

    /**
     * {@code checks} with the rules' problems added to the valid ones; invalid ones unchanged, order
     * kept.
     *
     * @param files the repository at the commit the checks are of
     */
    public static List<TenantCheck> apply(List<TenantCheck> checks, List<NamedRule> rules, RepositoryFiles files) {
        if (rules.isEmpty()) {
            return checks;
        }
        return (checks.size() >= PARALLEL_FROM ? checks.parallelStream() : checks.stream())
                .map(c -> c.valid() ? check(c, rules, files) : c)
                .toList();
    }

    private static TenantCheck check(TenantCheck c, List<NamedRule> rules, RepositoryFiles files) {
        List<ValidationProblem> problems = new ArrayList<>();
        for (NamedRule r : rules) {
            try {
                List<ValidationProblem> found = r.rule().check(c.spec(), files);
                if (found != null) {
                    problems.addAll(found);
                }
            } catch (RuntimeException e) {
                problems.add(new ValidationProblem(c.path(), 0, 0, c.tenantId(), "-",
                        "the '" + r.name() + "' checks could not run (" + e + "); a tenant is valid only when they pass"));
            }
        }
        if (problems.isEmpty()) {
            return c;
        }
        problems.sort(ORDER);
        return new TenantCheck(c.tenantId(), c.path(), null, problems);
    }
}
