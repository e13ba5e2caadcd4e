package bbh.nspawn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** The operator's settings read from ConfigurationAdmin while the tenant's component is not bound yet. */
class StoredPrivilegesTest {

    private final List<String> filters = new ArrayList<>();

    @Test
    void theFirstValidConfigurationByPidGrantsAndAnInvalidOneGrantsNothing() {
        ConfigurationAdmin ca = admin(
                configuration("bbh.nspawn.tenant~b", Map.of("tenant", "acme", "privateUsers", "identity")),
                configuration("bbh.nspawn.tenant~a", Map.of("tenant", "acme", "privateUsers", "lots")),
                configuration("bbh.nspawn.tenant~c", Map.of("tenant", "acme", "privateUsers", "no",
                        "capabilities", new String[] {"CAP_NET_ADMIN", " "})));
        OperatorSettings s = StoredPrivileges.of(ca, "acme").orElseThrow();
        assertEquals("identity", s.privateUsers(), "~a is invalid (grants nothing), ~b comes next by PID");
        assertEquals("(&(service.factoryPid=bbh.nspawn.tenant)(tenant=acme))", filters.get(0));
        assertTrue(StoredPrivileges.of(admin(), "acme").isEmpty());
    }

    @Test
    void theBackendFallsBackToThemWhenNoComponentIsBound() {
        NspawnBackend backend = new NspawnBackend();
        assertEquals("pick", backend.settingsOf("acme").privateUsers());
        backend.configurationAdmin = admin(configuration("bbh.nspawn.tenant~x", Map.of("tenant", "acme", "privateUsers", "no")));
        assertEquals("no", backend.settingsOf("acme").privateUsers());
    }

    private ConfigurationAdmin admin(Configuration... found) {
        return (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ConfigurationAdmin.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("listConfigurations")) {
                        filters.add((String) args[0]);
                        return found.length == 0 ? null : found;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Configuration configuration(String pid, Map<String, Object> properties) {
        return (Configuration) Proxy.newProxyInstance(StoredPrivilegesTest.class.getClassLoader(), new Class<?>[] {Configuration.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getPid" -> pid;
                    case "getProperties" -> new Hashtable<>(properties);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
