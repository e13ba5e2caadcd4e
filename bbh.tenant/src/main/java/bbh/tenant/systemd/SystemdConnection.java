package bbh.tenant.systemd;

import bbh.api.systemd.JobResult;
import bbh.api.systemd.SystemdException;
import bbh.api.systemd.SystemdManager;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.freedesktop.dbus.DBusAsyncReply;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.IDisconnectCallback;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.messages.Message;

/**
 * {@link SystemdManager} over one D-Bus connection to systemd's manager (org.freedesktop.systemd1(5)),
 * with dbus-java. Plain Java: {@link SystemdBus} is the OSGi component around it, tests construct it
 * with {@link #open(String)}.
 *
 * <p>Opening connects, installs the handler of the manager's {@code JobRemoved} signal and then calls
 * {@code Subscribe}, so that no job this client creates can end unseen. Start, stop and restart
 * enqueue a job with mode {@code replace} and wait for that job's JobRemoved ({@link JobTracker}
 * matches them, including a signal that is handled before the call's reply); a job that does not end
 * within the timeout is left running, and the exception names it.
 *
 * <p>Every D-Bus call has a deadline of its own: {@link #CALL_TIMEOUT}, {@link #RELOAD_TIMEOUT} for
 * Reload, or what is left of a job's timeout. Errors carry the D-Bus error name as systemd sent it
 * ({@code org.freedesktop.systemd1.NoSuchUnit: Unit x.service not found.}).
 *
 * <p>Thread-safe: calls from many threads share the connection.
 */
public final class SystemdConnection implements SystemdManager, BusConnection {

    /** sd-bus's default method call timeout (BUS_DEFAULT_TIMEOUT), for every call but Reload. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(25);
    /**
     * systemctl daemon-reload's (DAEMON_RELOAD_TIMEOUT_SEC): a reload re-runs every generator and
     * re-reads every unit, which takes long on a host of many tenants.
     */
    static final Duration RELOAD_TIMEOUT = Duration.ofMinutes(6);
    /** dbus-java retries a failed connect every 500 ms until this many ms passed; once is enough. */
    private static final int CONNECT_TIMEOUT_MS = 500;
    /** Job mode of systemctl start/stop/restart: replace conflicting queued jobs. */
    private static final String REPLACE = "replace";

    private final String address;
    private final JobTracker jobs = new JobTracker();
    /** Reloads asked for at once by many threads share one (see {@link CoalescedReload}). */
    private final CoalescedReload reloads = new CoalescedReload(this::reloadNow);
    private final DBusConnection bus;
    private final Systemd1Manager manager;
    private final Properties managerProperties;
    private volatile Runnable whenLost = () -> {};

    private SystemdConnection(String address) throws SystemdException {
        this.address = address;
        try {
            bus = DBusConnectionBuilder.forAddress(address)
                    .withShared(false)
                    // Proxies of unit objects are made per call; weak references let them go.
                    .withImportWeakReferences(true)
                    .withDisconnectCallback(new Disconnected())
                    .transportConfig()
                    .withTimeout(CONNECT_TIMEOUT_MS)
                    // dbus-java finds its transport with ServiceLoader: on this bundle's class loader,
                    // which holds both embedded jars and the transport's META-INF/services entry.
                    .withServiceLoaderClassLoader(SystemdConnection.class.getClassLoader())
                    .back()
                    .build();
        } catch (DBusException | RuntimeException e) {
            // dbus-java reports a malformed address, a missing socket and a refused login with
            // checked and unchecked exceptions alike.
            throw new SystemdException("cannot connect to D-Bus at " + address + ": " + e.getMessage(), e);
        }
        try {
            manager = bus.getRemoteObject(Systemd1Manager.BUS_NAME, Systemd1Manager.OBJECT_PATH, Systemd1Manager.class);
            managerProperties = bus.getRemoteObject(Systemd1Manager.BUS_NAME, Systemd1Manager.OBJECT_PATH, Properties.class);
            // The handler first: from Subscribe on, systemd sends JobRemoved for every job.
            bus.addSigHandler(Systemd1Manager.JobRemoved.class, manager,
                    s -> jobs.jobRemoved(new JobResult(s.unit(), s.job(), s.result())));
            call(manager, CALL_TIMEOUT, "Subscribe");
        } catch (DBusException | RuntimeException | SystemdException e) {
            closeQuietly();
            throw new SystemdException("no systemd manager on D-Bus at " + address + ": " + e.getMessage(), e);
        }
    }

    /**
     * Connects to the bus at {@code address} (a D-Bus address such as
     * {@code unix:path=/run/dbus/system_bus_socket}) and subscribes to the manager's signals.
     *
     * @throws SystemdException when the bus cannot be reached, or systemd does not answer on it
     */
    public static SystemdConnection open(String address) throws SystemdException {
        Objects.requireNonNull(address, "address");
        return new SystemdConnection(address);
    }

    /** The D-Bus address this connection was opened with. */
    public String address() {
        return address;
    }

    /**
     * Runs {@code action} once, on a dbus-java thread, when the connection breaks from the other side
     * (the bus daemon stopped, the container went away); not when {@link #close()} closes it.
     */
    @Override
    public void whenLost(Runnable action) {
        whenLost = Objects.requireNonNull(action, "action");
    }

    /**
     * {@inheritDoc}
     *
     * <p>Callers that arrive while a reload runs wait for it and share the next one, which starts
     * after their calls and so loads what they wrote: parallel lanes do not queue a reload each.
     */
    @Override
    public void reload() throws SystemdException {
        try {
            reloads.reloadAfterWrites();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SystemdException("interrupted while waiting for systemd's reload at " + address, e);
        }
    }

    /** One {@code Manager.Reload}; the reply comes when systemd is done, generators included. */
    private void reloadNow() throws SystemdException {
        call(manager, RELOAD_TIMEOUT, "Reload");
    }

    @Override
    public JobResult start(String unit, Duration timeout) throws SystemdException {
        return job("StartUnit", unit, timeout);
    }

    @Override
    public JobResult stop(String unit, Duration timeout) throws SystemdException {
        return job("StopUnit", unit, timeout);
    }

    @Override
    public JobResult restart(String unit, Duration timeout) throws SystemdException {
        return job("RestartUnit", unit, timeout);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Sorted by name. Values are converted as {@link PlainValues} says; note that systemd's
     * "infinity" (2^64-1) reads as -1.
     */
    @Override
    public Map<String, Object> unitProperties(String unit) throws SystemdException {
        Properties properties = unitObject(unit);
        Map<String, Object> all = new TreeMap<>(
                PlainValues.ofAll(call(properties, CALL_TIMEOUT, "GetAll", UnitTypes.UNIT_INTERFACE)));
        String type = UnitTypes.typeInterface(unit).orElse(null);
        if (type != null) {
            all.putAll(PlainValues.ofAll(call(properties, CALL_TIMEOUT, "GetAll", type)));
        }
        return all;
    }

    @Override
    public String activeState(String unit) throws SystemdException {
        Object state = call(unitObject(unit), CALL_TIMEOUT, "Get", UnitTypes.UNIT_INTERFACE, "ActiveState");
        return (String) PlainValues.of(state);
    }

    @Override
    public String version() throws SystemdException {
        Object version = call(managerProperties, CALL_TIMEOUT, "Get", Systemd1Manager.INTERFACE, "Version");
        return (String) PlainValues.of(version);
    }

    /** Disconnects; waiters of jobs fail with "connection closed". */
    @Override
    public void close() {
        jobs.close(new SystemdException("the connection to systemd at " + address + " was closed"));
        closeQuietly();
    }

    @Override
    public String toString() {
        return "SystemdConnection[" + address + "]";
    }

    /** Enqueues a job with {@code method} and waits for its JobRemoved, all within {@code timeout}. */
    private JobResult job(String method, String unit, Duration timeout) throws SystemdException {
        Objects.requireNonNull(unit, "unit");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, not " + timeout);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        String job;
        CompletableFuture<JobResult> end;
        try (JobTracker.JobCall call = jobs.beginCall()) {
            DBusPath path = call(manager, timeout, method, unit, REPLACE);
            job = path.getPath();
            end = call.follow(job);
        }
        try {
            return end.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new SystemdException(method + " " + unit + ": job " + job + " did not end within "
                    + millis(timeout) + "; it is still queued or running");
        } catch (ExecutionException e) {
            throw new SystemdException(method + " " + unit + ": job " + job + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SystemdException(method + " " + unit + ": interrupted while waiting for job " + job, e);
        }
    }

    /** The properties of {@code unit}'s object, loading the unit first (LoadUnit) if needed. */
    private Properties unitObject(String unit) throws SystemdException {
        Objects.requireNonNull(unit, "unit");
        DBusPath path = call(manager, CALL_TIMEOUT, "LoadUnit", unit);
        try {
            return bus.getRemoteObject(Systemd1Manager.BUS_NAME, path.getPath(), Properties.class);
        } catch (DBusException e) {
            throw new SystemdException("unit " + unit + " at " + path.getPath() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Calls {@code method} on {@code target} and waits at most {@code timeout} for the reply. A D-Bus
     * error reply becomes a SystemdException with the error's name: dbus-java itself keeps the name
     * only for the errors it has classes for.
     */
    @SuppressWarnings("unchecked")
    private <T> T call(DBusInterface target, Duration timeout, String method, Object... args) throws SystemdException {
        String what = method + "(" + Arrays.stream(args).map(String::valueOf).collect(Collectors.joining(", ")) + ")";
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            DBusAsyncReply<?> pending = bus.callMethodAsync(target, method, args);
            Message reply = pending.getCall().getReply(Math.max(1, timeout.toMillis()));
            // getReply(ms) returns early, without a reply, on a spurious wake-up: wait out the rest.
            while (reply == null && System.nanoTime() < deadline) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new SystemdException(what + " on " + address + ": interrupted while waiting for the reply");
                }
                reply = pending.getCall().getReply(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
            if (reply == null) {
                throw new SystemdException(what + " on " + address + ": no reply within " + millis(timeout));
            }
            if (reply instanceof org.freedesktop.dbus.messages.Error error) {
                throw new SystemdException(what + ": " + error.getName() + ": " + errorText(error));
            }
            Object[] returned = reply.getParameters();
            if (returned == null || returned.length == 0) {
                // A void method (Reload, Subscribe): dbus-java's getReply() would call that "no reply".
                return null;
            }
            return (T) pending.getReply();
        } catch (DBusException | DBusExecutionException e) {
            throw new SystemdException(what + " on " + address + ": " + e.getMessage(), e);
        }
    }

    /** The human-readable text of a D-Bus error: its first argument, when it has one. */
    private static String errorText(org.freedesktop.dbus.messages.Error error) {
        try {
            Object[] args = error.getParameters();
            return args != null && args.length > 0 ? String.valueOf(args[0]) : "(no message)";
        } catch (DBusException e) {
            return "(unreadable message: " + e.getMessage() + ")";
        }
    }

    private static String millis(Duration d) {
        return d.toMillis() + " ms";
    }

    private void closeQuietly() {
        try {
            bus.close();
        } catch (IOException | RuntimeException e) {
            // Closing a broken connection can fail in many ways; it is closed either way.
        }
    }

    /** dbus-java's word that the connection is gone. */
    private final class Disconnected implements IDisconnectCallback {
        @Override
        public void disconnectOnError(IOException e) {
            jobs.close(new SystemdException("lost the connection to systemd at " + address + ": " + e.getMessage(), e));
            whenLost.run();
        }
    }
}
