package bbh.nspawn;

import java.io.IOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.List;
import java.util.Optional;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The operator's settings for one tenant read straight from ConfigurationAdmin, for the moments when
 * a configuration of {@value TenantPrivileges#FACTORY_PID} exists but its {@link TenantPrivileges}
 * component is not bound yet. ConfigAdmin hands factory configurations to DS asynchronously: right
 * after a {@code bundle update} of bbh.nspawn the backend is registered before them, and a plan made
 * then dropped the operator's grants (the container restarted with {@code PrivateUsers=pick}, which
 * the host could not run). Checked by the same rules as the component; an invalid configuration
 * grants nothing, as its component's failed activation does.
 */
final class StoredPrivileges {
    private StoredPrivileges() {}

    /** The first valid configuration naming the tenant, by PID; empty when there is none. */
    static Optional<OperatorSettings> of(ConfigurationAdmin configurationAdmin, String tenantId) {
        Configuration[] found;
        try {
            found = configurationAdmin.listConfigurations("(&(service.factoryPid=" + TenantPrivileges.FACTORY_PID + ")(tenant="
                    + escape(tenantId) + "))");
        } catch (IOException | InvalidSyntaxException e) {
            throw new IllegalStateException("cannot read the configurations " + TenantPrivileges.FACTORY_PID + ": " + e, e);
        }
        if (found == null) {
            return Optional.empty();
        }
        return Arrays.stream(found).sorted(Comparator.comparing(Configuration::getPid))
                .map(c -> valid(c.getProperties()))
                .flatMap(Optional::stream)
                .findFirst();
    }

    private static Optional<OperatorSettings> valid(Dictionary<String, Object> p) {
        if (p == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(TenantPrivileges.of(text(p.get("tenant"), ""), text(p.get("privateUsers"), "pick"),
                    list(p.get("capabilities")), list(p.get("dropCapabilities")), list(p.get("binds")),
                    list(p.get("bindsReadOnly")), text(p.get("volatileMode"), "")));
        } catch (IllegalArgumentException invalid) {
            return Optional.empty();
        }
    }

    private static String text(Object value, String otherwise) {
        return value == null ? otherwise : value.toString();
    }

    /** DS reads a single value, an array or a collection as a String[]: so does this. */
    private static List<String> list(Object value) {
        List<?> raw;
        if (value == null) {
            raw = List.of();
        } else if (value instanceof Object[] array) {
            raw = Arrays.asList(array);
        } else if (value instanceof Collection<?> c) {
            raw = List.copyOf(c);
        } else {
            raw = List.of(value);
        }
        return raw.stream().map(String::valueOf).map(String::strip).filter(v -> !v.isEmpty()).toList();
    }

    /** RFC 1960 escapes; tenant ids have none of these characters, but a filter is no place to trust that. */
    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("*", "\\*").replace("(", "\\(").replace(")", "\\)");
    }
}
