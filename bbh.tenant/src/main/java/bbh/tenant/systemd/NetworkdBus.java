package bbh.tenant.systemd;

import bbh.api.systemd.Networkd;
import bbh.api.systemd.SystemdException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * systemd-networkd on the bus configured for systemd (PID {@value SystemdBus#PID}, the same
 * {@code bus} and {@code retry}): keeps a {@link NetworkdConnection} and registers it as
 * {@link Networkd} only while networkd answers, as {@link SystemdBus} does for the manager. A host
 * whose networkd does not run has no such service; the network stage then only writes files.
 *
 * <p>Service property {@value SystemdBus#BUS_PROPERTY}: the D-Bus address.
 */
@Component(immediate = true, service = {}, configurationPid = SystemdBus.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class NetworkdBus {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkdBus.class);

    private BundleContext context;
    private String address;
    private int retrySeconds;
    private ScheduledExecutorService worker;

    // Touched only on the worker thread, and in deactivate after the worker stopped.
    private NetworkdConnection connection;
    private ServiceRegistration<Networkd> registration;
    private String lastFailure;

    @Activate
    void activate(BundleContext context, SystemdBus.Config config) {
        this.context = context;
        this.address = SystemdBus.address(config.bus());
        this.retrySeconds = Math.max(0, config.retry());
        worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bbh-networkd-bus");
            t.setDaemon(true);
            return t;
        });
        worker.execute(this::connect);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        worker.shutdownNow();
        if (!worker.awaitTermination(30, TimeUnit.SECONDS)) {
            LOG.warn("connecting to networkd at {} did not stop within 30 s", address);
        }
        disconnect();
    }

    private void connect() {
        NetworkdConnection opened;
        try {
            opened = NetworkdConnection.open(address);
        } catch (SystemdException e) {
            failed(e.getMessage());
            return;
        }
        connection = opened;
        opened.whenLost(() -> onWorker(() -> lost(opened)));
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(SystemdBus.BUS_PROPERTY, address);
        try {
            registration = context.registerService(Networkd.class, opened, properties);
        } catch (IllegalStateException stopping) {
            disconnect();
            return;
        }
        lastFailure = null;
        LOG.info("systemd-networkd reachable at {}: Networkd registered", address);
    }

    private void lost(NetworkdConnection broken) {
        if (connection != broken) {
            return;
        }
        LOG.warn("lost the connection to networkd at {}: Networkd unregistered; reconnecting", address);
        disconnect();
        connect();
    }

    private void failed(String reason) {
        if (!reason.equals(lastFailure)) {
            LOG.warn("systemd-networkd not reachable, so no Networkd: {}; {}", reason,
                    retrySeconds > 0 ? "retrying every " + retrySeconds + " s" : "not retrying (retry = 0)");
        }
        lastFailure = reason;
        if (retrySeconds > 0) {
            try {
                worker.schedule(this::connect, retrySeconds, TimeUnit.SECONDS);
            } catch (RejectedExecutionException deactivating) {
                // deactivate stopped the worker
            }
        }
    }

    private void disconnect() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping
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
        } catch (RejectedExecutionException deactivating) {
            // deactivate closes the connection itself
        }
    }
}
