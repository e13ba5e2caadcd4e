package bbh.itest;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Bounded waits for the state of the framework: a service to appear, or a condition to hold.
 * Every wait has a deadline and fails with a message saying what did not happen.
 */
final class Await {
    private Await() {}

    /** The default deadline: generous for a loaded 2-core machine, short enough to fail fast. */
    static final Duration DEADLINE = Duration.ofSeconds(20);

    /** Waits for a service of {@code type} and returns it. */
    static <T> T service(BundleContext context, Class<T> type) {
        return service(context, type, null);
    }

    /**
     * Waits for a service of {@code type} that matches {@code filter} (an LDAP filter, or null for
     * any) and returns it.
     */
    static <T> T service(BundleContext context, Class<T> type, String filter) {
        String full = filter == null
                ? "(objectClass=" + type.getName() + ")"
                : "(&(objectClass=" + type.getName() + ")" + filter + ")";
        Filter f;
        try {
            f = FrameworkUtil.createFilter(full);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("bad filter " + full, e);
        }
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context, f, null);
        tracker.open();
        try {
            if (tracker.waitForService(DEADLINE.toMillis()) == null) {
                throw new AssertionError("no service " + full + " within " + DEADLINE.toSeconds() + " s");
            }
            // Got for the caller's bundle and never released: closing the tracker releases only the
            // tracker's use, which for a service factory such as ConfigurationAdmin would otherwise
            // invalidate the very object returned. The framework is discarded after the test class.
            T service = context.getService(tracker.getServiceReference());
            if (service == null) {
                throw new AssertionError("service " + full + " went away while being fetched");
            }
            return service;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + full, e);
        } finally {
            tracker.close();
        }
    }

    /**
     * Waits until {@code check} returns null (the state is as expected) and fails with its last
     * answer (what is still wrong) after the deadline.
     *
     * <p>For state that changes without a signal the test can wait on: PipelineStatus follows the
     * pipeline's events on EventAdmin threads of its own, so when the test's handler has seen an
     * event the status may not have recorded it yet. The check runs every few milliseconds and the
     * wait ends as soon as it passes; this is a bounded poll of state, not a fixed sleep.
     *
     * @param check returns null when the state is reached, else a description of what is still wrong
     */
    static void until(Supplier<String> check) {
        long end = System.nanoTime() + DEADLINE.toNanos();
        String wrong = check.get();
        while (wrong != null) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError(wrong + " (still so after " + DEADLINE.toSeconds() + " s)");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            wrong = check.get();
        }
    }
}
