package bbh.tenant.systemd;

import java.util.List;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.annotations.Position;
import org.freedesktop.dbus.interfaces.DBusInterface;

/**
 * The part of systemd-networkd's {@code org.freedesktop.network1.Manager} D-Bus interface bbh calls
 * (org.freedesktop.network1(5)), as dbus-java wants it. dbus-java builds a proxy from it.
 */
@DBusInterfaceName(Network1Manager.INTERFACE)
public interface Network1Manager extends DBusInterface {

    /** The well-known bus name networkd owns. */
    String BUS_NAME = "org.freedesktop.network1";
    /** The manager's object path; links are below {@code /org/freedesktop/network1/link/}. */
    String OBJECT_PATH = "/org/freedesktop/network1";
    /** The manager's interface. */
    String INTERFACE = "org.freedesktop.network1.Manager";

    /** Every link: {@code a(iso)}, index, name and object path. */
    List<LinkEntry> ListLinks();

    /** {@code networkctl reload}: re-reads the .netdev, .network and .link files. */
    void Reload();

    /** The link's whole state as JSON, what {@code networkctl status --json} prints. */
    String DescribeLink(Integer ifindex);

    /** One entry of {@link #ListLinks()}. */
    final class LinkEntry extends Struct {
        @Position(0)
        public final int index;
        @Position(1)
        public final String name;
        @Position(2)
        public final DBusPath path;

        public LinkEntry(int index, String name, DBusPath path) {
            this.index = index;
            this.name = name;
            this.path = path;
        }
    }
}
