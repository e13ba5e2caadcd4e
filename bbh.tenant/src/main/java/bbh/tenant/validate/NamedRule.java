package bbh.tenant.validate;

import bbh.api.tenant.TenantRule;
import java.util.Objects;

/**
 * A {@link TenantRule} service with the name its {@link TenantRule#NAME} property gives (the
 * class name when it has none), which a problem it throws on is reported under.
 */
public record NamedRule(String name, TenantRule rule) {
    public NamedRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(rule, "rule");
    }
}
