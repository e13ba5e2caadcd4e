package bbh.itest.generator;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import bbh.itest.host.ExecResult;
import bbh.itest.host.TestHost;
import bbh.tenant.snapshot.SnapshotLock;
import bbh.tenant.snapshot.UnitSnapshots;
import bbh.tenant.unit.RenderedTree;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Test;

/**
 * tenant-generator installed in a booted systemd (bin/testhost): snapshots written with
 * {@link UnitSnapshots} into the host's {@code /var/lib/bbh/units} reach systemd on
 * {@code daemon-reload} (the path every commit takes), a changed snapshot replaces the old units,
 * a removed tenant's units go, one broken tenant keeps no other out, and after a reboot of the test
 * host the units are there at boot, with nothing but systemd having run.
 */
public class TenantGeneratorIT {

    private static final String GENERATORS = "usr/lib/systemd/system-generators";
    private static final String OUT = "/run/systemd/generator/";

    private Path generator;

    @Before
    public void skipOnlyWhereTheMachineCannot() {
        Assume.assumeTrue(TestHost.unavailableReason().orElse(""), TestHost.available());
        generator = workspace().resolve("bbh.tenant/target/classes/generators/tenant-generator");
        assertTrue(generator + " is missing: build bbh.tenant first", Files.isExecutable(generator));
    }

    /** Host-wide files: the slice all tenants sit in. */
    private static RenderedTree hostFiles() {
        return new RenderedTree().file("tenant.slice", "# tenant-generator IT\n[Unit]\nDescription=Tenants\n\n[Slice]\nCPUWeight=100\n");
    }

    /** A tenant as the units stage would give it: a slice, a service in it, a .wants link, a drop-in. */
    private static RenderedTree tenantFiles(String id, String memoryMax) {
        return new RenderedTree()
                .file("tenant-" + id + ".slice", "[Unit]\nDescription=Tenant " + id + "\n\n[Slice]\nMemoryMax=" + memoryMax + "\n")
                .file("tenant-" + id + ".service", "[Unit]\nDescription=Tenant " + id + " service\n\n[Service]\n"
                        + "Type=oneshot\nRemainAfterExit=yes\nExecStart=/bin/true\nSlice=tenant-" + id + ".slice\n")
                .file("tenant-" + id + ".service.d/50-bbh.conf", "[Service]\nEnvironment=BBH_TENANT=" + id + "\n")
                .symlink("multi-user.target.wants/tenant-" + id + ".service", "../tenant-" + id + ".service");
    }

    @Test
    public void aCommitReachesSystemdThroughDaemonReloadAndSurvivesAReboot() throws Exception {
        String name = "bbh-it-" + ProcessHandle.current().pid() + "-gen";
        try (TestHost host = TestHost.start(name)) {
            install(host);
            UnitSnapshots units = new UnitSnapshots(host.root().resolve("var/lib/bbh/units"), true);
            units.writeHost(1, hostFiles());
            units.writeTenant("demo", 1, tenantFiles("demo", "256M"));

            host.systemctl("daemon-reload").requireSuccess();
            for (String unit : List.of("tenant.slice", "tenant-demo.slice", "tenant-demo.service")) {
                assertEquals(unit, "loaded", show(host, unit, "LoadState"));
                assertEquals(unit, OUT + unit, show(host, unit, "FragmentPath"));
            }
            assertEquals("268435456", show(host, "tenant-demo.slice", "MemoryMax"));
            assertEquals("tenant-demo.slice", show(host, "tenant-demo.service", "Slice"));
            assertEquals(OUT + "tenant-demo.service.d/50-bbh.conf", show(host, "tenant-demo.service", "DropInPaths"));
            assertTrue(show(host, "multi-user.target", "Wants").contains("tenant-demo.service"));

            // The next commit: a new generation of demo, a new tenant, and one whose snapshot is broken.
            units.writeTenant("demo", 2, tenantFiles("demo", "512M"));
            units.writeTenant("beta", 2, tenantFiles("beta", "1G"));
            Path broken = host.root().resolve("var/lib/bbh/units/tenants/broken");
            Files.createDirectories(broken);
            Files.createSymbolicLink(broken.resolve(UnitSnapshots.CURRENT), Paths.get("g7"));
            host.systemctl("daemon-reload").requireSuccess();
            assertEquals("536870912", show(host, "tenant-demo.slice", "MemoryMax"));
            assertEquals("loaded", show(host, "tenant-beta.slice", "LoadState"));
            ExecResult byHand = host.exec("sh", "-c", "mkdir -p /tmp/by-hand && " + "/" + GENERATORS
                    + "/tenant-generator /tmp/by-hand /tmp/by-hand /tmp/by-hand");
            assertEquals(byHand.describe(), 0, byHand.exitCode());
            assertTrue(byHand.stderr(), byHand.stderr().contains("tenant broken: "));

            // A tenant leaves.
            units.removeTenant("beta");
            host.systemctl("daemon-reload").requireSuccess();
            assertEquals("not-found", show(host, "tenant-beta.service", "LoadState"));
            // A slice loads without a file too (systemd makes any slice on demand): only its file goes.
            assertEquals("", show(host, "tenant-beta.slice", "FragmentPath"));
            assertEquals("loaded", show(host, "tenant-demo.slice", "LoadState"));

            // A reboot: the units are there at boot. No daemon-reload after this write: only the
            // generator's run at boot can bring the new generation to systemd.
            units.writeTenant("demo", 3, tenantFiles("demo", "768M"));
            String bootBefore = bootId(host);
            host.exec("systemctl", "reboot"); // the call may end with the connection; the reboot is checked below
            bootAgain(name);
            assertNotEquals("the test host did not reboot", bootBefore, bootId(host));
            assertEquals("805306368", show(host, "tenant-demo.slice", "MemoryMax"));
            assertEquals(OUT + "tenant-demo.service", show(host, "tenant-demo.service", "FragmentPath"));
            assertEquals("the .wants link from the generator started the service at boot",
                    "active", show(host, "tenant-demo.service", "ActiveState"));
            assertEquals("loaded", show(host, "tenant.slice", "LoadState"));
        }
    }

    @Test
    public void theGeneratorInsideHonoursALockTakenOutside() throws Exception {
        String name = "bbh-it-" + ProcessHandle.current().pid() + "-genlock";
        try (TestHost host = TestHost.start(name)) {
            install(host);
            UnitSnapshots units = new UnitSnapshots(host.root().resolve("var/lib/bbh/units"), true);
            units.writeTenant("demo", 1, tenantFiles("demo", "256M"));
            String run = "mkdir -p /tmp/out && BBH_LOCK_TIMEOUT=1 /" + GENERATORS + "/tenant-generator /tmp/out";

            // The lock file seen through the overlay from here and from inside the container is one
            // inode: this JVM's fcntl lock holds the generator off in there.
            ExecResult locked;
            try (SnapshotLock writer = SnapshotLock.exclusive(units.lockFile())) {
                locked = host.exec("sh", "-c", run);
            }
            assertEquals(locked.describe(), 0, locked.exitCode());
            assertTrue(locked.stderr(), locked.stderr().contains("units.lock: not granted within 1 s"));

            ExecResult free = host.exec("sh", "-c", "rm -rf /tmp/out && " + run);
            assertEquals(free.describe(), 0, free.exitCode());
            assertEquals("", free.stderr());
            assertEquals("[Unit]", host.exec("head", "-n1", "/tmp/out/tenant-demo.slice").requireSuccess().text());
        }
    }

    private void install(TestHost host) throws IOException {
        Path target = host.root().resolve(GENERATORS).resolve("tenant-generator");
        Files.createDirectories(target.getParent());
        Files.copy(generator, target, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static String show(TestHost host, String unit, String property) {
        return host.systemctl("show", "--value", "-p", property, unit).requireSuccess().text();
    }

    private static String bootId(TestHost host) {
        return host.exec("cat", "/proc/sys/kernel/random/boot_id").requireSuccess().text();
    }

    /**
     * Boots the test host again over the overlay its last run left ({@code bin/testhost start NAME
     * --keep}, which first waits for the rebooting container to end). The TestHost object stays
     * usable for exec, systemctl, root and close, which find the container anew each time; its
     * leader PID, bus address and run folder are the first boot's.
     */
    private static void bootAgain(String name) throws IOException, InterruptedException {
        Path script = workspace().resolve("bin/testhost");
        Path log = Files.createTempFile("testhost-keep", ".log");
        try {
            Process p = new ProcessBuilder(script.toString(), "start", name, "--keep")
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly().waitFor();
                throw new IOException("bin/testhost start " + name + " --keep did not end in 2 min");
            }
            if (p.exitValue() != 0) {
                throw new IOException("bin/testhost start " + name + " --keep exited with " + p.exitValue() + ":\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static Path workspace() {
        return Paths.get(System.getProperty("bbh.workspace", "..")).toAbsolutePath().normalize();
    }
}
