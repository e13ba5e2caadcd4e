package bbh.runtime.launch;

import java.lang.reflect.Array;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Objects;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Waits until a configuration is in effect: ConfigurationAdmin delivers an update to its component
 * later, on a thread of its own, so what was configured first could otherwise meet components still
 * running on their old values (a network rule without the operator's uplinks validating the first
 * commit). A Declarative Services component registers its service with its configuration's
 * properties, {@code service.pid} among them; the update is in effect once such a service carries
 * every value that was configured.
 */
final class ConfigurationInEffect {
    private ConfigurationInEffect() {}

    /**
     * True once a service of configuration {@code pid} carries {@code properties}; false when none
     * does within {@code wait} (no bundle here consumes that PID, or its component refused the values).
     */
    static boolean await(BundleContext context, String pid, Dictionary<String, Object> properties, Duration wait)
            throws InterruptedException {
        Filter filter;
        try {
            filter = FrameworkUtil.createFilter("(" + Constants.SERVICE_PID + "=" + SystemdConfiguration.escape(pid) + ")");
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("not a usable PID: " + pid, e);
        }
        Object changed = new Object();
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(context, filter, null) {
            @Override
            public Object addingService(ServiceReference<Object> reference) {
                wake();
                return reference;
            }

            @Override
            public void modifiedService(ServiceReference<Object> reference, Object service) {
                wake();
            }

            private void wake() {
                synchronized (changed) {
                    changed.notifyAll();
                }
            }
        };
        tracker.open();
        try {
            long deadline = System.nanoTime() + wait.toNanos();
            synchronized (changed) {
                while (true) {
                    ServiceReference<Object>[] refs = tracker.getServiceReferences();
                    if (refs != null) {
                        for (ServiceReference<Object> r : refs) {
                            if (carries(r, properties)) {
                                return true;
                            }
                        }
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    changed.wait(Math.max(1, left / 1_000_000));
                }
            }
        } finally {
            tracker.close();
        }
    }

    private static boolean carries(ServiceReference<?> r, Dictionary<String, Object> properties) {
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
            String k = keys.nextElement();
            if (!same(properties.get(k), r.getProperty(k))) {
                return false;
            }
        }
        return true;
    }

    /** Equal values; arrays element by element (DS may hand a String[] back as such). */
    static boolean same(Object configured, Object registered) {
        if (configured != null && configured.getClass().isArray()) {
            if (registered == null || !registered.getClass().isArray()) {
                return false;
            }
            int n = Array.getLength(configured);
            if (n != Array.getLength(registered)) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                if (!Objects.equals(Array.get(configured, i), Array.get(registered, i))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(configured, registered);
    }
}
