package bbh.itest.host;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Test;

/**
 * The test host fixture against the real thing: a booted systemd answers, a unit placed through
 * {@link TestHost#root()} starts, files placed through {@link TestHost#runDir()} are seen inside, and
 * stopping leaves no mount, folder or process behind. JUnit 4, like the rest of bbh.itest (Pax Exam);
 * the fixture itself needs no framework.
 */
public class TestHostIT {

    private static final String UNIT = "bbh-it-probe.service";

    @Before
    public void skipOnlyWhereTheMachineCannot() {
        Assume.assumeTrue(TestHost.unavailableReason().orElse(""), TestHost.available());
    }

    @Test
    public void placedUnitStartsAndStopLeavesNothingBehind() throws IOException {
        String name = uniqueName("unit");
        Path overlay;
        long leader;
        TestHost host = TestHost.start(name);
        try {
            overlay = host.root();
            leader = host.leaderPid();
            assertEquals("running", host.systemctl("is-system-running").text());
            assertEquals("unix:path=/proc/" + leader + "/root/run/dbus/system_bus_socket", host.busAddress());
            assertTrue("no bus socket at " + host.busAddress(),
                    Files.exists(host.runDir().resolve("dbus/system_bus_socket")));

            Files.writeString(host.root().resolve("etc/systemd/system/" + UNIT), String.join("\n",
                    "[Unit]",
                    "Description=placed by TestHostIT through TestHost.root()",
                    "",
                    "[Service]",
                    "Type=oneshot",
                    "RemainAfterExit=yes",
                    "ExecStart=/bin/echo probe started",
                    ""));
            host.systemctl("daemon-reload").requireSuccess();
            host.systemctl("start", UNIT).requireSuccess();
            assertEquals("active", host.systemctl("is-active", UNIT).text());
            String journal = host.journal(UNIT);
            assertTrue("the unit's output is not in its journal:\n" + journal, journal.contains("probe started"));

            Files.writeString(host.runDir().resolve("bbh-it-probe"), "placed\n");
            assertEquals("placed", host.exec("cat", "/run/bbh-it-probe").requireSuccess().text());
        } finally {
            host.close();
        }

        assertFalse("the overlay is still mounted at " + overlay, mounted(overlay));
        assertFalse("/run/bbh-testhost/" + name + " is still there", Files.exists(Paths.get("/run/bbh-testhost", name)));
        assertFalse("nspawn's propagate folder is still there",
                Files.exists(Paths.get("/run/systemd/nspawn/propagate", name)));
        assertFalse("the container's systemd (pid " + leader + ") still runs", running(leader));
        host.close(); // a second close is a no-op, not an error
    }

    @Test
    public void execReportsExitCodeAndBothStreams() throws IOException {
        try (TestHost host = TestHost.start(uniqueName("exec"))) {
            ExecResult result = host.exec("sh", "-c", "echo out; echo err >&2; exit 3");
            assertEquals(3, result.exitCode());
            assertEquals("out\n", result.stdout());
            assertEquals("err\n", result.stderr());
            assertFalse(result.succeeded());
            try {
                result.requireSuccess();
                fail("requireSuccess accepted exit code 3");
            } catch (IllegalStateException expected) {
                assertTrue(expected.getMessage(), expected.getMessage().contains("exited with 3"));
            }
            // The caller's environment (HOME, JAVA_HOME, MAVEN_OPTS, ...) stays outside.
            Set<String> keys = host.exec("env").requireSuccess().text().lines()
                    .map(line -> line.substring(0, line.indexOf('=')))
                    .collect(Collectors.toSet());
            assertTrue("unexpected environment inside: " + keys, Set.of("PATH", "LANG", "TERM").containsAll(keys));
        }
    }

    @Test
    public void startRefusesAnInvalidNameAndSaysWhy() {
        try (TestHost host = TestHost.start("not a host name")) {
            fail("started " + host);
        } catch (IOException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("invalid host name"));
        }
    }

    /** Unique per JVM and test, so concurrent builds on one machine do not meet. */
    private static String uniqueName(String test) {
        return "bbh-it-" + ProcessHandle.current().pid() + "-" + test;
    }

    private static boolean mounted(Path mountPoint) throws IOException {
        return Files.readAllLines(Paths.get("/proc/self/mountinfo")).stream()
                .map(line -> line.split(" ")[4])
                .anyMatch(mountPoint.toString()::equals);
    }

    /** True when PID exists and is not a zombie (the host's PID 1 here may reap orphans late). */
    private static boolean running(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                && !zombie(pid);
    }

    private static boolean zombie(long pid) {
        try {
            return Files.readAllLines(Paths.get("/proc/" + pid + "/status")).stream()
                    .anyMatch(line -> line.startsWith("State:") && line.contains("zombie"));
        } catch (IOException gone) {
            return true;
        }
    }
}
