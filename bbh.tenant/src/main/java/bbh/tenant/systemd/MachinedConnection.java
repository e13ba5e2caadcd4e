package bbh.tenant.systemd;

import bbh.api.systemd.MachineInfo;
import bbh.api.systemd.Machined;
import bbh.api.systemd.SystemdException;
import bbh.tenant.net.AddressText;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.Variant;

/**
 * {@link Machined} over one D-Bus connection of its own to systemd-machined
 * (org.freedesktop.machine1(5)). Plain Java: {@link MachinedService} is the component around it.
 * A connection of its own rather than {@link SystemdConnection}'s keeps that class as it is (it
 * owns the manager's signal subscription) at the cost of one more socket.
 *
 * <p>Thread-safe: dbus-java proxies may be called from many threads.
 */
public final class MachinedConnection implements Machined, AutoCloseable {

    private static final int CONNECT_TIMEOUT_MS = 500;

    private final String address;
    private final DBusConnection bus;
    private final Machine1Manager manager;

    private MachinedConnection(String address) throws SystemdException {
        this.address = address;
        try {
            bus = DBusConnectionBuilder.forAddress(address)
                    .withShared(false)
                    .withImportWeakReferences(true)
                    .transportConfig()
                    .withTimeout(CONNECT_TIMEOUT_MS)
                    // As in SystemdConnection: the transport is found on this bundle's class loader.
                    .withServiceLoaderClassLoader(MachinedConnection.class.getClassLoader())
                    .back()
                    .build();
            manager = bus.getRemoteObject(Machine1Manager.BUS_NAME, Machine1Manager.OBJECT_PATH, Machine1Manager.class);
        } catch (DBusException | RuntimeException e) {
            throw new SystemdException("cannot connect to D-Bus at " + address + " for machined: " + e.getMessage(), e);
        }
    }

    /** Connects to the bus at {@code address}; machined itself is first asked on the first call. */
    public static MachinedConnection open(String address) throws SystemdException {
        return new MachinedConnection(Objects.requireNonNull(address, "address"));
    }

    @Override
    public Optional<MachineInfo> machine(String name) throws SystemdException {
        DBusPath path;
        try {
            path = manager.GetMachine(name);
        } catch (DBusExecutionException e) {
            if (Machine1Manager.NO_SUCH_MACHINE.equals(e.getType())
                    || String.valueOf(e.getMessage()).contains("No machine '")) {
                return Optional.empty();
            }
            throw failed("GetMachine(" + name + ")", e);
        }
        return Optional.of(describe(path.getPath(), name));
    }

    @Override
    public List<MachineInfo> machines() throws SystemdException {
        List<Machine1Manager.Listed> listed;
        try {
            listed = manager.ListMachines();
        } catch (DBusExecutionException e) {
            throw failed("ListMachines()", e);
        }
        List<MachineInfo> all = new ArrayList<>();
        for (Machine1Manager.Listed m : listed) {
            try {
                all.add(describe(m.path.getPath(), m.name));
            } catch (SystemdException gone) {
                // It went away between the list and the question: it is not there any more.
            }
        }
        all.sort(Comparator.comparing(MachineInfo::name));
        return List.copyOf(all);
    }

    @Override
    public List<String> addresses(String name) throws SystemdException {
        List<Machine1Manager.Address> found;
        try {
            found = manager.GetMachineAddresses(name);
        } catch (DBusExecutionException e) {
            if (Machine1Manager.NO_SUCH_MACHINE.equals(e.getType())
                    || String.valueOf(e.getMessage()).contains("No machine '")) {
                return List.of();
            }
            throw failed("GetMachineAddresses(" + name + ")", e);
        }
        List<String> text = new ArrayList<>();
        for (Machine1Manager.Address a : found) {
            if (a.address.length == 4 || a.address.length == 16) {
                text.add(AddressText.of(a.address));
            }
        }
        return List.copyOf(text);
    }

    private MachineInfo describe(String path, String name) throws SystemdException {
        Map<String, Variant<?>> p;
        try {
            Properties properties = bus.getRemoteObject(Machine1Manager.BUS_NAME, path, Properties.class);
            p = properties.GetAll(Machine1Manager.MACHINE_INTERFACE);
        } catch (DBusException | DBusExecutionException e) {
            throw new SystemdException("machine " + name + " at " + path + ": " + e.getMessage(), e);
        }
        Map<String, Object> plain = PlainValues.ofAll(p);
        Object leader = plain.get("Leader");
        return new MachineInfo(
                text(plain.get("Name"), name),
                text(plain.get("Class"), ""),
                text(plain.get("Service"), ""),
                text(plain.get("Unit"), ""),
                leader instanceof Number n ? n.longValue() : 0L,
                text(plain.get("State"), ""));
    }

    private static String text(Object value, String otherwise) {
        return value == null ? otherwise : value.toString();
    }

    private SystemdException failed(String what, DBusExecutionException e) {
        String type = e.getType() == null ? "" : e.getType() + ": ";
        return new SystemdException(what + " on " + address + ": " + type + e.getMessage(), e);
    }

    @Override
    public void close() {
        try {
            bus.close();
        } catch (IOException | RuntimeException e) {
            // Closing a broken connection can fail in many ways; it is closed either way.
        }
    }

    @Override
    public String toString() {
        return "MachinedConnection[" + address + "]";
    }
}
