package bbh.tenant.systemd;

import bbh.api.systemd.SystemdException;
import bbh.api.systemd.SystemdManager;
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
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The systemd bbh drives, configured by PID {@value #PID}: keeps a {@link SystemdConnection} to the
 * configured bus and registers it as {@link SystemdManager} only while it is connected, as that
 * interface promises. Stages that need a running systemd bind to the service and skip their systemd
 * part while it is absent (bbh rendering into a folder has no such configuration at all).
 *
 * <p>Connecting happens on a thread of its own, so activation never waits for a bus: when systemd
 * cannot be reached, one warning says why, and another attempt follows every {@code retry} seconds
 * (0: no more attempts). When a registered connection breaks, the service is unregistered at once
 * and reconnecting starts over.
 *
 * <p>Service properties: {@value #BUS_PROPERTY} (the D-Bus address) and {@value #VERSION_PROPERTY}
 * (systemd's version at connection time).
 */
@Component(immediate = true, service = {}, configurationPid = SystemdBus.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = SystemdBus.Config.class)
public final class SystemdBus {

    /** Configuration PID. */
    public static final String PID = "bbh.systemd";
    /** What {@code bus = system} means: the system bus's standard address (sd-bus's default too). */
    public static final String SYSTEM_BUS = "unix:path=/run/dbus/system_bus_socket";
    /** Service property: the D-Bus address of the registered manager. */
    public static final String BUS_PROPERTY = "bbh.systemd.bus";
    /** Service property: systemd's version when the connection was made. */
    public static final String VERSION_PROPERTY = "bbh.systemd.version";

    @ObjectClassDefinition(name = "bbh systemd", description = "The systemd manager bbh reloads and starts units with")
    public @interface Config {
        @AttributeDefinition(description = "'system' for the system bus (" + SYSTEM_BUS + "), or a D-Bus address")
        String bus() default "system";

        @AttributeDefinition(description = "Seconds between attempts to reach systemd while it cannot be reached; 0 tries once")
        int retry() default 5;
    }

    private static final Logger LOG = LoggerFactory.getLogger(SystemdBus.class);

    private BundleContext context;
    private String address;
    private int retrySeconds;
    private ScheduledExecutorService worker;

    // Touched only on the worker thread, and in deactivate after the worker stopped.
    private SystemdConnection connection;
    private ServiceRegistration<SystemdManager> registration;
    private String lastFailure;

    /** The D-Bus address configuration value {@code bus} stands for. */
    static String address(String bus) {
        String value = bus == null ? "" : bus.strip();
        return value.isEmpty() || value.equals("system") ? SYSTEM_BUS : value;
    }

    @Activate
    void activate(BundleContext context, Config config) {
        this.context = context;
        this.address = address(config.bus());
        this.retrySeconds = Math.max(0, config.retry());
        worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bbh-systemd-bus");
            t.setDaemon(true);
            return t;
        });
        worker.execute(this::connect);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        worker.shutdownNow();
        if (!worker.awaitTermination(30, TimeUnit.SECONDS)) {
            LOG.warn("connecting to systemd at {} did not stop within 30 s", address);
        }
        disconnect();
    }

    private void connect() {
        SystemdConnection opened;
        String version;
        try {
            opened = SystemdConnection.open(address);
            try {
                version = opened.version();
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
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(BUS_PROPERTY, address);
        properties.put(VERSION_PROPERTY, version);
        try {
            registration = context.registerService(SystemdManager.class, opened, properties);
        } catch (IllegalStateException stopping) {
            // The bundle is stopping; deactivate is on its way.
            disconnect();
            return;
        }
        lastFailure = null;
        LOG.info("systemd {} reachable at {}: SystemdManager registered", version, address);
    }

    private void lost(SystemdConnection broken) {
        if (connection != broken) {
            return;
        }
        LOG.warn("lost the connection to systemd at {}: SystemdManager unregistered; reconnecting", address);
        disconnect();
        connect();
    }

    /** Warns once per distinct reason, and schedules the next attempt. */
    private void failed(String reason) {
        String retry = retrySeconds > 0 ? "retrying every " + retrySeconds + " s" : "not retrying (retry = 0)";
        if (!reason.equals(lastFailure)) {
            LOG.warn("systemd not reachable, so no SystemdManager: {}; {}", reason, retry);
        } else {
            LOG.debug("systemd still not reachable: {}", reason);
        }
        lastFailure = reason;
        if (retrySeconds > 0) {
            try {
                worker.schedule(this::connect, retrySeconds, TimeUnit.SECONDS);
            } catch (RejectedExecutionException deactivating) {
                // Deactivation stopped the worker; nothing more to do.
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
        } catch (RejectedExecutionException deactivating) {
            // Deactivation closes the connection itself.
        }
    }
}
