package bbh.tenant.systemd;

import bbh.api.systemd.SystemdException;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One D-Bus client connection kept open and registered as a service only while it is connected:
 * the life every bus-facing component of this package shares ({@link SystemdBus}, {@link NetworkdBus}).
 *
 * <p>Connecting happens on a thread of its own, so activation never waits for a bus: when the peer
 * cannot be reached, one warning per distinct reason says why, and another attempt follows every
 * {@code retry} seconds (0: no more attempts). When a registered connection breaks, the service is
 * unregistered at once and reconnecting starts over.
 *
 * @param <C> the connection, which is also the registered service object
 */
final class KeptConnection<C extends BusConnection> {

    /** Opens a connection and checks that its peer answers. */
    interface Opener<C> {
        C open(String address) throws SystemdException;
    }

    /** The service properties of an open connection beyond the address; may ask the peer. */
    interface Describer<C> {
        Map<String, Object> properties(C connection) throws SystemdException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(KeptConnection.class);

    private final BundleContext context;
    private final String peer;
    private final Class<? super C> service;
    private final String address;
    private final int retrySeconds;
    private final Opener<C> opener;
    private final Describer<C> describer;
    private final ScheduledExecutorService worker;

    // Touched only on the worker thread, and in stop after the worker stopped.
    private C connection;
    private ServiceRegistration<?> registration;
    private String lastFailure;

    /**
     * Starts connecting.
     *
     * @param peer what answers on the bus, for messages and the thread's name, e.g. {@code systemd}
     * @param service the interface the connection is registered as
     */
    KeptConnection(BundleContext context, String peer, Class<? super C> service, String address, int retrySeconds,
            Opener<C> opener, Describer<C> describer) {
        this.context = context;
        this.peer = peer;
        this.service = service;
        this.address = address;
        this.retrySeconds = Math.max(0, retrySeconds);
        this.opener = opener;
        this.describer = describer;
        worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bbh-" + peer + "-bus");
            t.setDaemon(true);
            return t;
        });
        worker.execute(this::connect);
    }

    /** Stops connecting, unregisters the service and closes the connection. */
    void stop() throws InterruptedException {
        worker.shutdownNow();
        if (!worker.awaitTermination(30, TimeUnit.SECONDS)) {
            LOG.warn("connecting to {} at {} did not stop within 30 s", peer, address);
        }
        disconnect();
    }

    private void connect() {
        C opened;
        Hashtable<String, Object> properties;
        try {
            opened = opener.open(address);
            try {
                properties = new Hashtable<>(describer.properties(opened));
            } catch (SystemdException e) {
                opened.close();
                throw e;
            }
        } catch (SystemdException e) {
            failed(e.getMessage());
            return;
        }
        connection = opened;
        // A break is reported on a dbus-java thread; the worker handles it, in order with the rest.
        opened.whenLost(() -> onWorker(() -> lost(opened)));
        properties.put(SystemdBus.BUS_PROPERTY, address);
        try {
            registration = context.registerService(service.getName(), opened, properties);
        } catch (IllegalStateException stopping) {
            // The bundle is stopping; stop is on its way.
            disconnect();
            return;
        }
        lastFailure = null;
        LOG.info("{} reachable at {}: {} registered", peer, address, service.getSimpleName());
    }

    private void lost(C broken) {
        if (connection != broken) {
            return;
        }
        LOG.warn("lost the connection to {} at {}: {} unregistered; reconnecting", peer, address, service.getSimpleName());
        disconnect();
        connect();
    }

    /** Warns once per distinct reason, and schedules the next attempt. */
    private void failed(String reason) {
        String retry = retrySeconds > 0 ? "retrying every " + retrySeconds + " s" : "not retrying (retry = 0)";
        if (!reason.equals(lastFailure)) {
            LOG.warn("{} not reachable, so no {}: {}; {}", peer, service.getSimpleName(), reason, retry);
        } else {
            LOG.debug("{} still not reachable: {}", peer, reason);
        }
        lastFailure = reason;
        if (retrySeconds > 0) {
            try {
                worker.schedule(this::connect, retrySeconds, TimeUnit.SECONDS);
            } catch (RejectedExecutionException stopping) {
                // stop() stopped the worker; nothing more to do.
            }
        }
    }

    private void disconnect() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // The bundle is stopping and the framework unregistered it first.
            }
            registration = null;
        }
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    private void onWorker(Runnable task) {
        try {
            worker.execute(task);
        } catch (RejectedExecutionException stopping) {
            // stop() closes the connection itself.
        }
    }
}
