package bbh.itest.systemd;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import bbh.api.systemd.JobResult;
import bbh.api.systemd.SystemdException;
import bbh.itest.host.TestHost;
import bbh.tenant.systemd.SystemdConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.AfterClass;
import org.junit.Assume;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * bbh's systemd client ({@link SystemdConnection}, the {@code SystemdManager} the stages use) against
 * a booted systemd: a test host's bus, reached from this JVM as the stages reach the host's. Plain
 * Java, no framework: the connection is constructed directly. Every test places units of its own
 * names, so they share one host and one connection.
 */
public class SystemdManagerIT {

    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(30);

    private static TestHost host;
    private static SystemdConnection systemd;

    @BeforeClass
    public static void bootHostAndConnect() throws IOException, SystemdException {
        Assume.assumeTrue(TestHost.unavailableReason().orElse(""), TestHost.available());
        host = TestHost.start(hostName("manager"));
        systemd = SystemdConnection.open(host.busAddress());
    }

    @AfterClass
    public static void disconnectAndStopHost() {
        if (systemd != null) {
            systemd.close();
        }
        if (host != null) {
            host.close();
        }
    }

    @Test
    public void versionIsTheOneSystemctlReports() throws SystemdException {
        // "systemd 252 (252.39-1~deb12u1)": the manager's Version property is the part in parentheses.
        String line = host.systemctl("--version").requireSuccess().stdout().lines().findFirst().orElseThrow();
        Matcher m = Pattern.compile("^systemd \\d+ \\((.+)\\)$").matcher(line);
        assertTrue("unexpected systemctl --version: " + line, m.matches());
        assertEquals(m.group(1), systemd.version());
    }

    @Test
    public void placedUnitStartsAfterReloadAndStops() throws Exception {
        String unit = "bbh-it-oneshot.service";
        placeUnit(unit,
                "[Service]",
                "Type=oneshot",
                "RemainAfterExit=yes",
                "ExecStart=/bin/true");
        systemd.reload();

        JobResult started = systemd.start(unit, JOB_TIMEOUT);
        assertEquals(unit, started.unit());
        assertEquals("done", started.result());
        assertTrue(started.job().startsWith("/org/freedesktop/systemd1/job/"));
        assertEquals("active", systemd.activeState(unit));
        assertEquals("active", host.systemctl("is-active", unit).text());

        JobResult stopped = systemd.stop(unit, JOB_TIMEOUT);
        assertTrue(stopped.done());
        assertFalse("a stop job got the start job's path", stopped.job().equals(started.job()));
        assertEquals("inactive", systemd.activeState(unit));
    }

    @Test
    public void restartRunsTheUnitAgain() throws Exception {
        String unit = "bbh-it-restart.service";
        placeUnit(unit,
                "[Service]",
                "Type=oneshot",
                "RemainAfterExit=yes",
                "ExecStart=/bin/sh -c 'echo run >> /run/bbh-it-restart.count'");
        systemd.reload();
        assertTrue(systemd.start(unit, JOB_TIMEOUT).done());
        JobResult restarted = systemd.restart(unit, JOB_TIMEOUT);
        assertEquals("done", restarted.result());
        assertEquals(List.of("run", "run"), Files.readAllLines(host.runDir().resolve("bbh-it-restart.count")));
        systemd.stop(unit, JOB_TIMEOUT);
    }

    @Test
    public void failingUnitEndsFailed() throws Exception {
        String unit = "bbh-it-false.service";
        placeUnit(unit,
                "[Service]",
                "Type=oneshot",
                "ExecStart=/bin/false");
        systemd.reload();

        JobResult result = systemd.start(unit, JOB_TIMEOUT);
        assertEquals("failed", result.result());
        assertFalse(result.done());
        assertEquals("failed", systemd.activeState(unit));
        assertEquals("exit-code", systemd.unitProperties(unit).get("Result"));
    }

    /**
     * The values systemd parsed, read back as numbers: MemoryMax in bytes, CPUQuota as µs of CPU per
     * second, TasksMax as a count; an unset limit is systemd's infinity, UINT64_MAX, which reads -1.
     * The slice has a tenant-like escaped name, so its parent is tenant.slice.
     */
    @Test
    public void sliceLimitsReadBackAsNumbers() throws Exception {
        String slice = "tenant-umbrella\\x2dresearch\\x2dlab.slice";
        placeUnit(slice,
                "[Slice]",
                "MemoryMax=100M",
                "CPUQuota=50%",
                "TasksMax=42");
        systemd.reload();

        Map<String, Object> properties = systemd.unitProperties(slice);
        assertEquals(slice, properties.get("Id"));
        assertEquals("loaded", properties.get("LoadState"));
        assertEquals("tenant.slice", properties.get("Slice"));
        assertEquals(100L * 1024 * 1024, properties.get("MemoryMax"));
        assertEquals(500_000L, properties.get("CPUQuotaPerSecUSec"));
        assertEquals(42L, properties.get("TasksMax"));
        assertEquals(-1L, properties.get("MemoryHigh"));
        assertEquals("18446744073709551615", Long.toUnsignedString((Long) properties.get("MemoryHigh")));
        // Loading is enough to read it: the slice itself was never started.
        assertEquals("inactive", properties.get("ActiveState"));
    }

    @Test
    public void startOfMissingUnitCarriesSystemdsErrorName() {
        String unit = "bbh-it-missing.service";
        try {
            systemd.start(unit, JOB_TIMEOUT);
            fail("starting a unit that does not exist succeeded");
        } catch (SystemdException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("org.freedesktop.systemd1.NoSuchUnit"));
            assertTrue(e.getMessage(), e.getMessage().contains(unit));
        }
    }

    /**
     * A job that does not end in time: the exception names the unit and the job and comes after the
     * timeout, the job keeps running, and a stop ends it (the start job ends canceled).
     */
    @Test
    public void jobThatDoesNotEndInTimeIsReportedAndCanBeStopped() throws Exception {
        String unit = "bbh-it-blocked.service";
        placeUnit(unit,
                "[Service]",
                "TimeoutStartSec=infinity",
                // Ends cleanly on the stop's SIGTERM, so the unit ends inactive rather than failed.
                "ExecStartPre=/bin/sh -c 'trap \"exit 0\" TERM; sleep infinity & wait'",
                "ExecStart=/bin/true");
        systemd.reload();

        long before = System.nanoTime();
        try {
            systemd.start(unit, Duration.ofSeconds(1));
            fail("a start blocked in ExecStartPre ended within 1 s");
        } catch (SystemdException e) {
            long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);
            assertTrue("gave up after " + waitedMs + " ms", waitedMs >= 1000);
            assertTrue(e.getMessage(), e.getMessage().contains(unit));
            assertTrue(e.getMessage(), e.getMessage().matches(".*job /org/freedesktop/systemd1/job/\\d+.*"));
        }
        assertEquals("activating", systemd.activeState(unit));

        JobResult stopped = systemd.stop(unit, JOB_TIMEOUT);
        assertTrue(stopped.done());
        assertEquals("inactive", systemd.activeState(unit));
    }

    /**
     * Many threads start units at once, some of them the same unit; each call gets the end of its
     * own unit's job: odd instances fail, even ones succeed.
     */
    @Test
    public void concurrentStartsEachGetTheirOwnResult() throws Exception {
        placeUnit("bbh-it-many@.service",
                "[Service]",
                "Type=oneshot",
                "RemainAfterExit=yes",
                "ExecStart=/bin/sh -c 'exit $((%i %% 2))'");
        systemd.reload();

        int units = 16;
        int calls = 24;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<JobResult>> results = new ArrayList<>();
            for (int c = 0; c < calls; c++) {
                String unit = "bbh-it-many@" + (c % units) + ".service";
                results.add(pool.submit(() -> {
                    go.await();
                    return systemd.start(unit, JOB_TIMEOUT);
                }));
            }
            go.countDown();
            for (int c = 0; c < calls; c++) {
                int instance = c % units;
                JobResult result = results.get(c).get(60, TimeUnit.SECONDS);
                assertEquals("bbh-it-many@" + instance + ".service", result.unit());
                assertEquals(result.toString(), instance % 2 == 0 ? "done" : "failed", result.result());
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < units; i++) {
            systemd.stop("bbh-it-many@" + i + ".service", JOB_TIMEOUT);
        }
    }

    /**
     * When the bus goes away, a caller waiting for a job learns it at once, not at its timeout, and
     * the lost-connection hook runs (SystemdBus unregisters the service on it). The bus daemon is
     * killed: a clean poweroff would first end the job, canceled, and that is a result.
     */
    @Test
    public void busGoingAwayFailsWaitersAndReportsTheLoss() throws Exception {
        try (TestHost doomed = TestHost.start(hostName("lost"));
                SystemdConnection connection = SystemdConnection.open(doomed.busAddress())) {
            CountDownLatch lost = new CountDownLatch(1);
            connection.whenLost(lost::countDown);
            // The unit says it runs through a FIFO: opening it for reading below waits for the writer.
            doomed.exec("mkfifo", "/run/bbh-it-running").requireSuccess();
            Files.writeString(doomed.root().resolve("etc/systemd/system/bbh-it-forever.service"), String.join("\n",
                    "[Service]",
                    "TimeoutStartSec=infinity",
                    "ExecStartPre=/bin/sh -c 'echo running > /run/bbh-it-running; exec sleep infinity'",
                    "ExecStart=/bin/true",
                    ""));
            connection.reload();
            CompletableFuture<JobResult> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return connection.start("bbh-it-forever.service", Duration.ofMinutes(5));
                } catch (SystemdException e) {
                    throw new CompletionException(e);
                }
            });
            Path fifo = doomed.runDir().resolve("bbh-it-running");
            String said = CompletableFuture.supplyAsync(() -> {
                try {
                    return Files.readString(fifo).strip();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).get(30, TimeUnit.SECONDS);
            assertEquals("running", said);

            long busDaemon = (Long) connection.unitProperties("dbus.service").get("MainPID");
            doomed.exec("/bin/sh", "-c", "kill -KILL " + busDaemon).requireSuccess();
            assertTrue("the lost-connection hook did not run", lost.await(30, TimeUnit.SECONDS));
            try {
                waiting.get(30, TimeUnit.SECONDS);
                fail("a start whose bus went away returned " + waiting.get());
            } catch (ExecutionException e) {
                assertTrue(String.valueOf(e.getCause()), e.getCause() instanceof SystemdException);
                assertTrue(e.getCause().getMessage(), e.getCause().getMessage().contains("lost the connection"));
            }
        }
    }

    private static void placeUnit(String name, String... lines) throws IOException {
        Path file = host.root().resolve("etc/systemd/system").resolve(name);
        Files.writeString(file, String.join("\n", lines) + "\n");
    }

    private static String hostName(String test) {
        return "bbh-it-" + ProcessHandle.current().pid() + "-" + test;
    }
}
