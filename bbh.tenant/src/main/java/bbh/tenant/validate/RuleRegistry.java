package bbh.tenant.validate;

import bbh.api.tenant.TenantRule;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The {@link TenantRule} services bound to a component through a dynamic multiple reference: what
 * its bind and unbind methods feed, and what a validation reads, in a fixed order (rule name, then
 * service id) so that problems come out the same every time. Thread-safe.
 */
public final class RuleRegistry {

    /** A rule's place in the order: its name, then its service id. */
    record Key(String name, long serviceId) {}

    static final Comparator<Key> ORDER = Comparator.comparing(Key::name).thenComparingLong(Key::serviceId);

    private final Map<Key, NamedRule> rules = new ConcurrentSkipListMap<>(ORDER);

    /** Binds a rule with its service properties. */
    public void add(TenantRule rule, Map<String, Object> properties) {
        Key k = key(rule, properties);
        rules.put(k, new NamedRule(k.name(), rule));
    }

    /** Unbinds a rule. */
    public void remove(TenantRule rule, Map<String, Object> properties) {
        rules.remove(key(rule, properties));
    }

    /** The rules bound now. */
    public List<NamedRule> current() {
        return List.copyOf(rules.values());
    }

    /** Also the key of a {@link RepositoryRules} entry: the same property, the same order. */
    static Key key(Object rule, Map<String, Object> properties) {
        Object name = properties.get(TenantRule.NAME);
        Object id = properties.get("service.id");
        return new Key(name == null ? rule.getClass().getName() : name.toString(),
                id instanceof Number n ? n.longValue() : System.identityHashCode(rule));
    }
}
