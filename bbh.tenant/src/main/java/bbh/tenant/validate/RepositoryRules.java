package bbh.tenant.validate;

import bbh.api.source.RepositoryFiles;
import bbh.api.tenant.RepositoryRule;
import bbh.api.tenant.ValidationProblem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The {@link RepositoryRule} services bound to a component (what its dynamic multiple reference's
 * bind and unbind methods feed), and running them on one commit. Rules run in a fixed order (rule
 * name, then service id) and their problems are sorted, so the output is the same every time.
 * Thread-safe.
 */
public final class RepositoryRules {

    /** A rule with the name its {@link RepositoryRule#NAME} property gives (else its class name). */
    public record Named(String name, RepositoryRule rule) {}

    private static final Comparator<ValidationProblem> ORDER = Comparator.comparing(ValidationProblem::path)
            .thenComparingInt(ValidationProblem::line)
            .thenComparingInt(ValidationProblem::column)
            .thenComparing(ValidationProblem::field)
            .thenComparing(ValidationProblem::expected);

    private final Map<RuleRegistry.Key, Named> rules = new ConcurrentSkipListMap<>(RuleRegistry.ORDER);

    /** Binds a rule with its service properties. */
    public void add(RepositoryRule rule, Map<String, Object> properties) {
        RuleRegistry.Key k = RuleRegistry.key(rule, properties);
        rules.put(k, new Named(k.name(), rule));
    }

    /** Unbinds a rule. */
    public void remove(RepositoryRule rule, Map<String, Object> properties) {
        rules.remove(RuleRegistry.key(rule, properties));
    }

    /** The rules bound now. */
    public List<Named> current() {
        return List.copyOf(rules.values());
    }

    /**
     * Every operator-wide problem the rules find in {@code files}, sorted by file, line and column.
     * Each is made operator-wide whatever tenant a rule named: a repository rule makes no tenant
     * invalid (a tenant that depends on a tree outside its folder is a {@code TenantRule}'s to
     * check). A rule that throws is a problem naming the rule: a check that could not run passed
     * nothing.
     */
    public static List<ValidationProblem> check(List<Named> rules, RepositoryFiles files) {
        List<ValidationProblem> problems = new ArrayList<>();
        for (Named r : rules) {
            try {
                List<ValidationProblem> found = r.rule().check(files);
                if (found != null) {
                    found.forEach(p -> problems.add(p.operatorWide() && p.field() != null ? p
                            : ValidationProblem.operatorWide(p.path(), p.line(), p.column(),
                                    p.field() == null ? "-" : p.field(), p.expected())));
                }
            } catch (RuntimeException e) {
                problems.add(ValidationProblem.operatorWide(RepositoryRule.WATCHED_FOLDER, 0, 0, "-",
                        "the '" + r.name() + "' checks could not run (" + e + "); the operator-wide part is valid only when they pass"));
            }
        }
        problems.sort(ORDER);
        return problems;
    }
}
