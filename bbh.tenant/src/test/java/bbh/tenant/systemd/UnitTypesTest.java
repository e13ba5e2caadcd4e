package bbh.tenant.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The type interface is chosen by the unit name's last suffix. */
class UnitTypesTest {

    @ParameterizedTest
    @CsvSource({
        "tenant.slice, org.freedesktop.systemd1.Slice",
        "tenant-umbrella\\x2dresearch\\x2dlab.slice, org.freedesktop.systemd1.Slice",
        "tenant@umbrella\\x2dresearch\\x2dlab.service, org.freedesktop.systemd1.Service",
        "tenant-vm@acme.service, org.freedesktop.systemd1.Service",
        "dbus.socket, org.freedesktop.systemd1.Socket",
        "multi-user.target, org.freedesktop.systemd1.Target",
        "var-lib-tenants.mount, org.freedesktop.systemd1.Mount",
        "proc-sys-fs-binfmt_misc.automount, org.freedesktop.systemd1.Automount",
        "dev-sda1.swap, org.freedesktop.systemd1.Swap",
        "dev-sda1.device, org.freedesktop.systemd1.Device",
        "apt-daily.timer, org.freedesktop.systemd1.Timer",
        "a.b.path, org.freedesktop.systemd1.Path",
        "session-1.scope, org.freedesktop.systemd1.Scope",
    })
    void knownSuffixes(String unit, String expected) {
        assertEquals(Optional.of(expected), UnitTypes.typeInterface(unit));
    }

    @ParameterizedTest
    @ValueSource(strings = {"no-suffix", ".service", "x.services", "x.slice.d", "x.conf", "x.", ""})
    void noInterfaceForAnythingElse(String unit) {
        assertEquals(Optional.empty(), UnitTypes.typeInterface(unit));
    }
}
