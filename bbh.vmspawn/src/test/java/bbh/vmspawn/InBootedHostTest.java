package bbh.vmspawn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bbh.api.stage.HostLayout;
import bbh.api.stage.MachinePlan;
import bbh.api.stage.TenantWork;
import bbh.api.tenant.TenantNames;
import bbh.api.tenant.TenantSpec;
import bbh.tenant.systemd.SystemdConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The backend against a booted systemd 252 (bin/testhost): the version gate with the host's version
 * read over D-Bus by bbh's own systemd client, and networkd joining a VM's tap to the tenant's bridge
 * with the plan's {@code .network} file. No VM runs here (systemd 252 has no vmspawn): the tap is
 * made with {@code ip tuntap} under the name vmspawn gives it (TapNames, checked against nspawn).
 */
class InBootedHostTest {

    private static BootedHost host;

    @BeforeAll
    static void boot() throws Exception {
        host = BootedHost.start("vmspawn-unit");
    }

    @AfterAll
    static void stop() throws Exception {
        if (host != null) {
            host.close();
        }
    }

    @Test
    void onSystemd252EveryVmTenantGetsTheReason() throws Exception {
        try (SystemdConnection systemd = SystemdConnection.open(host.bus)) {
            VmspawnBackend backend = new VmspawnBackend(OperatorSettings.DEFAULTS, systemd);
            for (TenantSpec spec : new TenantSpec[] {Specs.example("globex"), Specs.minimal(), Specs.full()}) {
                assertEquals(Optional.of("systemd-vmspawn needs systemd 258 or later; this host runs 252"),
                        backend.unsupportedReason(spec, new HostLayout(host.root, host.root.resolve("var/lib/bbh"))), spec.id());
            }
        }
    }

    @Test
    void networkdMakesTheTapAPortOfTheTenantsBridge() throws Exception {
        TenantSpec spec = Specs.full(); // an id long enough for a hashed tap and bridge name
        String bridge = TenantNames.bridgeName(spec.id());
        String tap = TapNames.vmTap(spec.id());
        MachinePlan plan = new VmspawnBackend().plan(new TenantWork(spec, Specs.COMMIT, 1, HostLayout.under(host.root)));
        Path network = host.root.resolve("etc/systemd/network");
        Files.createDirectories(network);
        // The bridge as the network stage makes it: a networkd netdev (Bridge= names a netdev networkd knows).
        Files.writeString(network.resolve("50-" + bridge + ".netdev"), "[NetDev]\nName=" + bridge + "\nKind=bridge\n");
        Files.writeString(network.resolve("50-" + bridge + ".network"), "[Match]\nName=" + bridge + "\n\n[Network]\nConfigureWithoutCarrier=yes\n");
        for (var f : plan.files().entrySet()) {
            Files.writeString(host.root.resolve(f.getKey()), f.getValue());
        }
        assertTrue(host.exec("networkctl", "reload").exitCode() == 0);
        // What vmspawn --network-tap does: a tap named vt-<id>, shortened.
        Tool made = host.exec("ip", "tuntap", "add", "mode", "tap", "name", tap);
        assertEquals(0, made.exitCode(), made.stderr());
        // The drop-in's ExecStartPre: networkd reads the new file.
        assertEquals(0, host.exec("networkctl", "reload").exitCode());
        // Waits on networkd's own state (configured, any carrier), with a deadline.
        Tool waited = host.exec("/lib/systemd/systemd-networkd-wait-online", "--interface=" + tap + ":no-carrier", "--timeout=20");
        assertEquals(0, waited.exitCode(), waited.stderr());
        String link = host.exec("ip", "-o", "link", "show", "dev", tap).stdout();
        assertTrue(link.contains(" master " + bridge + " "), link);
        String journal = host.exec("journalctl", "-u", "systemd-networkd", "--no-pager", "-o", "cat").stdout();
        assertTrue(journal.contains(tap + ": Configuring with /etc/systemd/network/70-bbh-vm-" + spec.id() + ".network."), journal);
        assertTrue(!journal.contains("Unknown key") && !journal.contains("ignoring"), journal);
    }
}
