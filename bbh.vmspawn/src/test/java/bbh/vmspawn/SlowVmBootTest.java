package bbh.vmspawn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bbh.api.stage.HostLayout;
import bbh.api.stage.MachinePlan;
import bbh.api.stage.TenantWork;
import bbh.api.systemd.JobResult;
import bbh.api.tenant.TenantSpec;
import bbh.tenant.systemd.SystemdConnection;
import bbh.tenant.unit.InstanceNames;
import bbh.tenant.units.HostUnits;
import bbh.tenant.units.Templates;
import bbh.tenant.units.TenantUnits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Opt-in ({@code -Dbbh.slow=true}): a VM booted by bbh's vmspawn backend. Debian unstable's root file
 * system (systemd 262, {@link SidRootfs}) boots as a test host in the host's systemd-nspawn
 * ({@code bin/testhost} with {@code BBH_TESTHOST_ROOTFS}); in it go bbh's four templates, the units
 * stage's files for the tenant and the backend's plan, rendered with the operator settings of
 * {@link VmBoot} through the backend's configuration method. The tenant's image is a directory: an
 * overlay of that same root file system ({@link GuestRoot}), bound into the test host at
 * {@code /var/lib/tenants/vmboot/images/sid}. Then, over D-Bus with bbh's own client, as the machine
 * stage does: the version gate, Reload, StartUnit of {@code tenant-vm@vmboot.service} followed to its
 * JobRemoved; machined must know a machine {@code vmboot} of class {@code vm} run by that unit, the
 * VM must run inside the unit's cgroup (the point of {@code --keep-unit}), and the guest's console,
 * in the unit's journal, must reach multi-user.target within {@link #BOOT_DEADLINE}. Under TCG (no
 * KVM for guests on this machine kind) that takes about two minutes. Then the stop: the machine is
 * gone from machined and the unit inactive.
 */
class SlowVmBootTest {

    private static final String UNIT = "tenant-vm@" + InstanceNames.escape(VmBoot.ID) + ".service";
    private static final Duration BOOT_DEADLINE = Duration.ofMinutes(6);
    /** The guest's systemd on its console; or systemd saying the unit ended, which ends the wait early. */
    private static final Pattern MULTI_USER = Pattern.compile("Reached target.*Multi-User System");
    private static final Pattern ENDED = Pattern.compile(Pattern.quote(UNIT) + ": (Failed with result|Main process exited|Deactivated)");

    @Test
    void aTenantsVmBootsToMultiUserInsideItsUnitAndStops() throws Exception {
        Path rootfs = SidRootfs.path();
        List<String> nspawnArgs = new ArrayList<>();
        // What systemd-vmspawn opens, as shared/notes/systemd-testbed.md found: /dev/kvm (probed even
        // with --kvm=no), /dev/net/tun, /dev/loop-control.
        for (String dev : List.of("/dev/kvm", "/dev/net/tun", "/dev/loop-control")) {
            if (Files.exists(Path.of(dev))) {
                nspawnArgs.add("--bind=" + dev);
            }
        }
        try (GuestRoot guest = GuestRoot.over(rootfs)) {
            nspawnArgs.add("--bind=" + guest.path + ":" + MachinePaths.image(VmBoot.ID, VmBoot.IMAGE));
            try (BootedHost host = BootedHost.start("vmboot", Map.of(
                    "BBH_TESTHOST_ROOTFS", rootfs.toString(),
                    // systemd 262 runs on the unified cgroup hierarchy only.
                    "SYSTEMD_NSPAWN_UNIFIED_HIERARCHY", "1",
                    "BBH_TESTHOST_BOOT_TIMEOUT", "120",
                    "TESTHOST_NSPAWN_ARGS", String.join(" ", nspawnArgs)))) {
                bootAndStop(host);
            }
        }
    }

    private static void bootAndStop(BootedHost host) throws Exception {
        TenantSpec spec = VmBoot.tenant();
        VmspawnBackend backend = VmBoot.backend();
        HostLayout layout = HostLayout.under(host.rootAsSeenInside);
        try (SystemdConnection systemd = SystemdConnection.open(host.bus)) {
            backend.systemd = systemd;
            assertEquals(Optional.empty(), backend.unsupportedReason(spec, layout), "the gate, on systemd " + systemd.version());

            // What the units stage and the machine stage write, where they write it.
            MachinePlan plan = backend.plan(new TenantWork(spec, Specs.COMMIT, 1, layout));
            SystemdVerifyTest.place(Templates.all(), layout.templateUnits());
            SystemdVerifyTest.place(HostUnits.render(Specs.COMMIT), layout.runtimeUnits());
            SystemdVerifyTest.place(TenantUnits.render(spec, Specs.COMMIT), layout.runtimeUnits());
            Path dropIn = layout.runtimeUnits().resolve(UNIT + ".d").resolve(VmspawnDropIn.NAME);
            Files.createDirectories(dropIn.getParent());
            Files.writeString(dropIn, plan.unitDropIn());
            for (var f : plan.files().entrySet()) {
                Files.writeString(layout.root().resolve(f.getKey()), f.getValue());
            }
            systemd.reload();

            long t0 = System.nanoTime();
            JobResult started = systemd.start(UNIT, Duration.ofMinutes(2));
            double startSeconds = seconds(t0);
            assertTrue(started.done(), "start job " + started + "\n" + journal(host));
            // As the machine stage confirms it: machined knows the machine, run by the tenant's unit.
            assertEquals("vm", machine(host, "Class"), journal(host));
            assertEquals(UNIT, machine(host, "Unit"));
            String leader = machine(host, "Leader");
            String leaderName = host.exec("cat", "/proc/" + leader + "/comm").stdout().strip();
            String cgroup = host.exec("cat", "/proc/" + leader + "/cgroup").stdout();
            // vmspawn registers qemu as the machine's leader; it must run in the tenant's unit and slice.
            assertEquals("qemu-system-x86", leaderName, "machined's leader " + leader);
            assertTrue(cgroup.contains("/tenant-" + VmBoot.ID + ".slice/" + UNIT), "the VM's process " + leader + ": " + cgroup);

            Optional<String> line = UnitJournal.awaitLine(host.name, UNIT, Pattern.compile(MULTI_USER + "|" + ENDED), BOOT_DEADLINE);
            double bootSeconds = seconds(t0);
            assertTrue(line.isPresent() && MULTI_USER.matcher(line.get()).find(),
                    "no multi-user.target on the VM's console within " + BOOT_DEADLINE + " (" + line.orElse("nothing") + ")\n" + journal(host));
            assertEquals("active", systemd.activeState(UNIT));

            long t1 = System.nanoTime();
            JobResult stopped = systemd.stop(UNIT, Duration.ofMinutes(3));
            double stopSeconds = seconds(t1);
            assertTrue(stopped.done(), "stop job " + stopped + "\n" + journal(host));
            assertEquals("inactive", systemd.activeState(UNIT), journal(host));
            Tool gone = host.exec("machinectl", "show", VmBoot.ID);
            assertNotEquals(0, gone.exitCode(), "machined still lists " + VmBoot.ID + ": " + gone.stdout());
            // The figures docs/machines-vmspawn.md quotes, and what booted.
            System.out.printf("SlowVmBootTest: %s start job done %.1f s, console at multi-user %.1f s after StartUnit, stop %.1f s (%s);"
                    + " machined's leader: %s (%s)%n", UNIT, startSeconds, bootSeconds, stopSeconds, systemd.activeState(UNIT), leader, leaderName);
            Pattern milestones = Pattern.compile("Welcome to|" + MULTI_USER + "|" + Pattern.quote(UNIT));
            host.exec("journalctl", "--no-pager", "--all", "-o", "cat", "--unit=" + UNIT).stdout().lines()
                    .filter(l -> milestones.matcher(l).find())
                    .forEach(l -> System.out.println("SlowVmBootTest: journal: " + l));
        }
    }

    private static String machine(BootedHost host, String property) throws Exception {
        Tool t = host.exec("machinectl", "show", VmBoot.ID, "--property=" + property, "--value");
        assertEquals(0, t.exitCode(), "machinectl show " + VmBoot.ID + ": " + t.stderr());
        return t.stdout().strip();
    }

    private static String journal(BootedHost host) throws Exception {
        return host.exec("journalctl", "--no-pager", "--all", "-n", "80", "-o", "cat", "--unit=" + UNIT).stdout();
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
