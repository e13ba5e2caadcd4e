package bbh.tenant.systemd;

import java.util.List;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.annotations.Position;
import org.freedesktop.dbus.interfaces.DBusInterface;

/**
 * The part of systemd-machined's {@code org.freedesktop.machine1.Manager} D-Bus interface bbh calls,
 * named and ordered as in org.freedesktop.machine1(5); dbus-java builds a proxy from it.
 */
@DBusInterfaceName(Machine1Manager.INTERFACE)
public interface Machine1Manager extends DBusInterface {

    /** The well-known bus name machined owns. */
    String BUS_NAME = "org.freedesktop.machine1";
    /** The manager's object path. */
    String OBJECT_PATH = "/org/freedesktop/machine1";
    /** The manager's interface. */
    String INTERFACE = "org.freedesktop.machine1.Manager";
    /** The interface of one machine's object. */
    String MACHINE_INTERFACE = "org.freedesktop.machine1.Machine";
    /** The error machined answers GetMachine with for an unknown name. */
    String NO_SUCH_MACHINE = "org.freedesktop.machine1.NoSuchMachine";

    /** The machine's object path; fails with {@link #NO_SUCH_MACHINE} when there is none. */
    DBusPath GetMachine(String name);

    /** The machine's IP addresses, {@code a(iay)}: address family and the address's bytes. */
    List<Address> GetMachineAddresses(String name);

    /** One entry of GetMachineAddresses, fields in the signature's order. */
    final class Address extends Struct {
        @Position(0)
        public final int family;
        @Position(1)
        public final byte[] address;

        public Address(int family, byte[] address) {
            this.family = family;
            this.address = address;
        }
    }

    /** Every machine: {@code a(ssso)}, name, class, service, object path. */
    List<Listed> ListMachines();

    /** One entry of ListMachines, fields in the signature's order. */
    final class Listed extends Struct {
        @Position(0)
        public final String name;
        @Position(1)
        public final String machineClass;
        @Position(2)
        public final String service;
        @Position(3)
        public final DBusPath path;

        public Listed(String name, String machineClass, String service, DBusPath path) {
            this.name = name;
            this.machineClass = machineClass;
            this.service = service;
            this.path = path;
        }
    }
}
