package bbh.tenant.systemd;

import bbh.api.systemd.NetworkLink;
import bbh.api.systemd.Networkd;
import bbh.api.systemd.SystemdException;
import bbh.tenant.net.AddressText;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.freedesktop.dbus.DBusAsyncReply;
import org.freedesktop.dbus.connections.IDisconnectCallback;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.messages.Message;

/**
 * {@link Networkd} over one D-Bus connection to systemd-networkd, with dbus-java. Plain Java:
 * {@link NetworkdBus} is the OSGi component around it, tests construct it with {@link #open(String)}.
 *
 * <p>Waiting for links follows networkd's {@code PropertiesChanged} signals: networkd emits one on a
 * link's object for every change of its administrative, operational, carrier or address state
 * (including a new link's first steps), so every signal from below {@code /org/freedesktop/network1}
 * wakes the waiters, who read the states again. A waiter notes the count of signals before it reads,
 * so a change between its read and its wait is never lost. The link's states and addresses come from
 * {@code DescribeLink}, networkd's JSON, read with Jackson.
 */
public final class NetworkdConnection implements Networkd, BusConnection {

    static final Duration CALL_TIMEOUT = Duration.ofSeconds(25);
    private static final int CONNECT_TIMEOUT_MS = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String address;
    private final DBusConnection bus;
    private final Network1Manager manager;
    private final Object changes = new Object();
    private long changeCount;
    private volatile Runnable whenLost = () -> {};

    private NetworkdConnection(String address) throws SystemdException {
        this.address = address;
        try {
            bus = DBusConnectionBuilder.forAddress(address)
                    .withShared(false)
                    .withDisconnectCallback(new Disconnected())
                    .transportConfig()
                    .withTimeout(CONNECT_TIMEOUT_MS)
                    .withServiceLoaderClassLoader(NetworkdConnection.class.getClassLoader())
                    .back()
                    .build();
        } catch (DBusException | RuntimeException e) {
            throw new SystemdException("cannot connect to D-Bus at " + address + ": " + e.getMessage(), e);
        }
        try {
            manager = bus.getRemoteObject(Network1Manager.BUS_NAME, Network1Manager.OBJECT_PATH, Network1Manager.class);
            // The handler before any read: a waiter's count then covers every change after it.
            bus.addSigHandler(Properties.PropertiesChanged.class, signal -> {
                if (signal.getPath() != null && signal.getPath().startsWith(Network1Manager.OBJECT_PATH)) {
                    synchronized (changes) {
                        changeCount++;
                        changes.notifyAll();
                    }
                }
            });
            Properties p = bus.getRemoteObject(Network1Manager.BUS_NAME, Network1Manager.OBJECT_PATH, Properties.class);
            call(p, "Get", Network1Manager.INTERFACE, "OperationalState");
        } catch (DBusException | RuntimeException | SystemdException e) {
            closeQuietly();
            throw new SystemdException("no systemd-networkd on D-Bus at " + address + ": " + e.getMessage(), e);
        }
    }

    /** Connects to the bus at {@code address} and checks that networkd answers there. */
    public static NetworkdConnection open(String address) throws SystemdException {
        return new NetworkdConnection(Objects.requireNonNull(address, "address"));
    }

    /** Runs {@code action} once when the connection breaks from the other side. */
    @Override
    public void whenLost(Runnable action) {
        whenLost = Objects.requireNonNull(action, "action");
    }

    @Override
    public void reload() throws SystemdException {
        call(manager, "Reload");
    }

    @Override
    public List<NetworkLink> links() throws SystemdException {
        List<NetworkLink> links = new ArrayList<>();
        for (Network1Manager.LinkEntry e : entries()) {
            describe(e).ifPresent(links::add);
        }
        return links;
    }

    @Override
    public Optional<NetworkLink> link(String name) throws SystemdException {
        for (Network1Manager.LinkEntry e : entries()) {
            if (e.name.equals(name)) {
                return describe(e);
            }
        }
        return Optional.empty();
    }

    @Override
    public Map<String, NetworkLink> awaitSettled(Collection<String> names, Duration timeout) throws SystemdException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long seen;
            synchronized (changes) {
                seen = changeCount;
            }
            Map<String, NetworkLink> found = new LinkedHashMap<>();
            for (Network1Manager.LinkEntry e : entries()) {
                if (names.contains(e.name)) {
                    describe(e).ifPresent(l -> found.put(l.name(), l));
                }
            }
            if (found.size() == names.size() && found.values().stream().allMatch(NetworkLink::settled)) {
                return found;
            }
            synchronized (changes) {
                while (changeCount == seen) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return found;
                    }
                    try {
                        TimeUnit.NANOSECONDS.timedWait(changes, left);
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                        throw new SystemdException("interrupted while waiting for links " + names);
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }

    @Override
    public String toString() {
        return "NetworkdConnection[" + address + "]";
    }

    private List<Network1Manager.LinkEntry> entries() throws SystemdException {
        List<Network1Manager.LinkEntry> list = call(manager, "ListLinks");
        return list == null ? List.of() : list;
    }

    /** The link's state from DescribeLink; empty when it went away meanwhile. */
    private Optional<NetworkLink> describe(Network1Manager.LinkEntry e) throws SystemdException {
        String json;
        try {
            json = call(manager, "DescribeLink", e.index);
        } catch (SystemdException gone) {
            if (gone.getMessage().contains("NoSuchLink") || gone.getMessage().contains("not found")) {
                return Optional.empty();
            }
            throw gone;
        }
        try {
            return Optional.of(link(JSON.readTree(json)));
        } catch (IOException x) {
            throw new SystemdException("DescribeLink(" + e.index + ") on " + address + " gave no JSON: " + x.getMessage(), x);
        }
    }

    /** A NetworkLink from networkd's JSON (field names as systemd 252 writes them). */
    static NetworkLink link(JsonNode j) {
        List<String> addresses = new ArrayList<>();
        for (JsonNode a : j.path("Addresses")) {
            addresses.add(address(a.path("Address")) + "/" + a.path("PrefixLength").asInt());
        }
        List<String> dns = new ArrayList<>();
        for (JsonNode d : j.path("DNS")) {
            dns.add(address(d.path("Address")));
        }
        List<String> domains = new ArrayList<>();
        for (JsonNode d : j.path("SearchDomains")) {
            domains.add(d.path("Domain").asText());
        }
        return new NetworkLink(j.path("Index").asInt(), j.path("Name").asText(), j.path("Kind").asText(""),
                j.path("AdministrativeState").asText(""), j.path("OperationalState").asText(""),
                j.path("CarrierState").asText(""), addresses, dns, domains, j.path("NetworkFile").asText(""));
    }

    /**
     * An address networkd writes as an array of its bytes, in the usual text form: a dotted quad, or
     * IPv6 with the longest run of two or more zero groups as {@code ::} (RFC 5952), as networkctl
     * prints it.
     */
    static String address(JsonNode bytes) {
        byte[] b = new byte[bytes.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) bytes.get(i).asInt();
        }
        return b.length == 4 || b.length == 16 ? AddressText.of(b) : Arrays.toString(b);
    }

    @SuppressWarnings("unchecked")
    private <T> T call(DBusInterface target, String method, Object... args) throws SystemdException {
        String what = method + "(" + Arrays.stream(args).map(String::valueOf).collect(Collectors.joining(", ")) + ")";
        long deadline = System.nanoTime() + CALL_TIMEOUT.toNanos();
        try {
            DBusAsyncReply<?> pending = bus.callMethodAsync(target, method, args);
            Message reply = pending.getCall().getReply(CALL_TIMEOUT.toMillis());
            while (reply == null && System.nanoTime() < deadline) {
                reply = pending.getCall().getReply(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
            if (reply == null) {
                throw new SystemdException(what + " on " + address + ": no reply within " + CALL_TIMEOUT.toMillis() + " ms");
            }
            if (reply instanceof org.freedesktop.dbus.messages.Error error) {
                Object[] a = error.getParameters();
                throw new SystemdException(what + ": " + error.getName() + ": " + (a != null && a.length > 0 ? a[0] : "(no message)"));
            }
            Object[] returned = reply.getParameters();
            if (returned == null || returned.length == 0) {
                return null;
            }
            return (T) pending.getReply();
        } catch (DBusException | DBusExecutionException e) {
            throw new SystemdException(what + " on " + address + ": " + e.getMessage(), e);
        }
    }

    private void closeQuietly() {
        try {
            bus.close();
        } catch (IOException | RuntimeException e) {
            // closed either way
        }
    }

    private final class Disconnected implements IDisconnectCallback {
        @Override
        public void disconnectOnError(IOException e) {
            synchronized (changes) {
                changeCount++;
                changes.notifyAll();
            }
            whenLost.run();
        }
    }
}
