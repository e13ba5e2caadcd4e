package bbh.runtime.launch;

import java.io.PrintStream;
import java.time.Duration;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

/**
 * A service a batch command uses, held through an open tracker until closed: closing the tracker
 * releases the service, and a delayed Declarative Services component is deactivated when its last
 * user releases it, so the tracker must outlive every call.
 *
 * @param <T> the service type
 */
final class Tracked<T> implements AutoCloseable {

    private final ServiceTracker<T, T> tracker;
    private final T service;

    private Tracked(ServiceTracker<T, T> tracker, T service) {
        this.tracker = tracker;
        this.service = service;
    }

    /**
     * The service, waiting up to {@code wait} for it (the bundles may still be starting); null, after
     * saying so on {@code err}, when it does not come.
     */
    static <T> Tracked<T> await(BundleContext context, Class<T> type, Duration wait, PrintStream err)
            throws InterruptedException {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
        tracker.open();
        T service;
        try {
            service = tracker.waitForService(wait.toMillis());
        } catch (InterruptedException | RuntimeException e) {
            tracker.close();
            throw e;
        }
        if (service == null) {
            tracker.close();
            err.println("bbh: no " + type.getSimpleName() + " service after " + wait.toSeconds()
                    + " s; is bbh.tenant installed, and for render, configured?");
            return null;
        }
        return new Tracked<>(tracker, service);
    }

    /** The service; valid until {@link #close()}. */
    T service() {
        return service;
    }

    @Override
    public void close() {
        tracker.close();
    }
}
