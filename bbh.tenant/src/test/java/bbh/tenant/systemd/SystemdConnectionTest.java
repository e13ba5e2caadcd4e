package bbh.tenant.systemd;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bbh.api.systemd.SystemdException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening fails with one SystemdException naming the address, whatever dbus-java threw. The calls
 * themselves run against a booted systemd in bbh.itest (SystemdManagerIT, SystemdBusIT).
 */
class SystemdConnectionTest {

    @Test
    void malformedAddressIsRefusedWithItsName() {
        SystemdException e = assertThrows(SystemdException.class, () -> SystemdConnection.open("garbage"));
        assertTrue(e.getMessage().startsWith("cannot connect to D-Bus at garbage: "), e.getMessage());
    }

    @Test
    void missingSocketIsRefusedAtOnce(@TempDir Path dir) {
        String address = "unix:path=" + dir.resolve("no_bus_socket");
        long before = System.nanoTime();
        SystemdException e = assertThrows(SystemdException.class, () -> SystemdConnection.open(address));
        assertTrue(e.getMessage().startsWith("cannot connect to D-Bus at " + address + ": "), e.getMessage());
        // dbus-java would retry for 10 s by default; SystemdBus does its own retrying.
        long ms = (System.nanoTime() - before) / 1_000_000;
        assertTrue(ms < 5_000, "gave up after " + ms + " ms");
    }
}
