package bbh.runtime.launch;

import bbh.api.systemd.SystemdManager;
import java.io.IOException;
import java.time.Duration;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The {@code bbh.systemd} configuration made from the launch property {@link LaunchProperties#BUS},
 * and the wait until bbh.tenant's systemd client answers on that address.
 */
final class SystemdConfiguration {
    private SystemdConfiguration() {}

    /** bbh.tenant's systemd client: its configuration PID, key, and the service property it registers with. */
    static final String PID = "bbh.systemd";
    static final String BUS = "bus";
    static final String BUS_PROPERTY = "bbh.systemd.bus";
    static final String SYSTEM_BUS = "unix:path=/run/dbus/system_bus_socket";

    /**
     * Points the systemd client at {@code address} and waits up to {@code wait} for it to register
     * its {@link SystemdManager} there; says so on stderr when it does not, and returns anyway: the
     * client keeps trying, and stages without systemd report that for themselves.
     */
    static void connect(BundleContext context, ConfigurationAdmin admin, String address, Duration wait)
            throws IOException, InterruptedException {
        Configuration c = admin.getConfiguration(PID, LaunchConfiguration.ANY_BUNDLE);
        c.updateIfDifferent(LaunchConfiguration.with(c, BUS, address));
        // The client registers with the address it resolved 'system' to.
        String registered = address.equals("system") ? SYSTEM_BUS : address;
        ServiceTracker<SystemdManager, SystemdManager> tracker = new ServiceTracker<>(context, filter(registered), null);
        tracker.open();
        try {
            if (tracker.waitForService(wait.toMillis()) == null) {
                System.err.println("bbh: systemd did not answer on " + address + " within " + wait.toSeconds()
                        + " s; going on without it for now");
            }
        } finally {
            tracker.close();
        }
    }

    private static Filter filter(String address) {
        String f = "(&(objectClass=" + SystemdManager.class.getName() + ")(" + BUS_PROPERTY + "="
                + escape(address) + "))";
        try {
            return FrameworkUtil.createFilter(f);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("not a usable bus address: " + address, e);
        }
    }

    /** RFC 1960 filter value escaping: {@code \ * ( )}. */
    static String escape(String value) {
        StringBuilder b = new StringBuilder(value.length());
        for (char ch : value.toCharArray()) {
            if (ch == '\\' || ch == '*' || ch == '(' || ch == ')') {
                b.append('\\');
            }
            b.append(ch);
        }
        return b.toString();
    }
}
