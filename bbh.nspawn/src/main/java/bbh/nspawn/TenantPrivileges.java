package bbh.nspawn;

import bbh.api.tenant.TenantNames;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One factory configuration of PID {@value #FACTORY_PID} per tenant that gets more than the
 * defaults: the operator's privileged settings for its container ({@link OperatorSettings}). A
 * configuration that names no valid tenant or holds a value nspawn would refuse fails activation
 * with a message saying which, and so grants nothing.
 */
@Component(service = TenantPrivileges.class, configurationPid = TenantPrivileges.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = TenantPrivileges.Config.class, factory = true)
public final class TenantPrivileges {

    /** Factory PID. */
    public static final String FACTORY_PID = "bbh.nspawn.tenant";

    private static final Set<String> VOLATILE = Set.of("", "no", "yes", "state", "overlay");

    @ObjectClassDefinition(name = "bbh nspawn tenant privileges", description = "Privileged container settings of one tenant")
    public @interface Config {
        @AttributeDefinition(description = "The tenant's id")
        String tenant();

        @AttributeDefinition(description = "PrivateUsers=: pick, yes, no, identity or a UID base")
        String privateUsers() default "pick";

        @AttributeDefinition(description = "Capability=: added capabilities, e.g. CAP_NET_ADMIN")
        String[] capabilities() default {};

        @AttributeDefinition(description = "DropCapability=: removed capabilities")
        String[] dropCapabilities() default {};

        @AttributeDefinition(description = "Bind=: HOST:GUEST folders, anywhere on the host")
        String[] binds() default {};

        @AttributeDefinition(description = "BindReadOnly=: HOST:GUEST folders, anywhere on the host")
        String[] bindsReadOnly() default {};

        @AttributeDefinition(description = "Volatile=: empty for bbh's rule, else no, yes, state or overlay")
        String volatileMode() default "";
    }

    private OperatorSettings settings;

    @Activate
    void activate(Config config) {
        settings = of(config.tenant(), config.privateUsers(), list(config.capabilities()),
                list(config.dropCapabilities()), list(config.binds()), list(config.bindsReadOnly()), config.volatileMode());
    }

    /** The settings, checked: what the backend renders from them cannot fail. */
    static OperatorSettings of(String tenant, String privateUsers, List<String> capabilities, List<String> drop,
            List<String> binds, List<String> bindsReadOnly, String volatileMode) {
        String where = "configuration " + FACTORY_PID + " of tenant '" + tenant + "'";
        if (!TenantNames.isValidId(tenant)) {
            throw new IllegalArgumentException(FACTORY_PID + ": tenant: '" + tenant + "' is not a tenant id");
        }
        OperatorSettings s = new OperatorSettings(tenant, privateUsers, capabilities, drop, binds, bindsReadOnly, volatileMode);
        if (!s.privateUsers().matches("pick|yes|no|identity|[0-9]{1,10}")) {
            throw new IllegalArgumentException(where + ": privateUsers: '" + s.privateUsers() + "'; expected pick, yes, no, identity or a UID base");
        }
        for (String c : concat(s.capabilities(), s.dropCapabilities())) {
            if (!c.matches("CAP_[A-Z_]{1,40}|all")) {
                throw new IllegalArgumentException(where + ": capability '" + c + "'; expected CAP_... or all");
            }
        }
        for (String b : concat(s.binds(), s.bindsReadOnly())) {
            String[] parts = b.split(":", -1);
            if (parts.length != 2) {
                throw new IllegalArgumentException(where + ": bind '" + b + "'; expected HOST:GUEST, two absolute paths");
            }
            bbh.tenant.unit.NspawnValues.bind(parts[0], parts[1]);
        }
        if (!VOLATILE.contains(s.volatileMode())) {
            throw new IllegalArgumentException(where + ": volatileMode: '" + s.volatileMode() + "'; expected no, yes, state or overlay");
        }
        return s;
    }

    OperatorSettings settings() {
        return settings;
    }

    private static List<String> list(String[] values) {
        return values == null ? List.of() : Arrays.stream(values).map(String::strip).filter(v -> !v.isEmpty()).toList();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
