package bbh.tenant.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** What the configuration key {@code bus} stands for. */
class SystemdBusTest {

    @Test
    void systemAndEmptyMeanTheSystemBus() {
        assertEquals("unix:path=/run/dbus/system_bus_socket", SystemdBus.address("system"));
        assertEquals(SystemdBus.SYSTEM_BUS, SystemdBus.address(" system "));
        assertEquals(SystemdBus.SYSTEM_BUS, SystemdBus.address(""));
        assertEquals(SystemdBus.SYSTEM_BUS, SystemdBus.address(null));
    }

    @Test
    void anythingElseIsAnAddress() {
        assertEquals("unix:path=/proc/42/root/run/dbus/system_bus_socket",
                SystemdBus.address(" unix:path=/proc/42/root/run/dbus/system_bus_socket\n"));
        assertEquals("tcp:host=localhost,port=1234", SystemdBus.address("tcp:host=localhost,port=1234"));
    }
}
