package bbh.runtime.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bbh.api.pipeline.PipelineEvent;
import bbh.api.pipeline.Stage;
import bbh.api.source.SyncReport;
import bbh.api.source.TenantRepository;
import bbh.api.status.PipelineStatus;
import bbh.api.status.TenantStatus;
import bbh.api.tenant.TenantSpec;
import bbh.api.tenant.ValidationProblem;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class RenderBatchTest {

    private static final String COMMIT = TenantStatuses.COMMIT;
    private static final Duration LONG = Duration.ofSeconds(30);

    /** A repository whose sync() returns a fixed report, and says when it was called. */
    static final class FakeRepository implements TenantRepository {
        final CountDownLatch synced = new CountDownLatch(1);
        Supplier<SyncReport> report;
        SyncReport earlier;

        @Override
        public SyncReport sync() {
            synced.countDown();
            return report.get();
        }

        @Override
        public Optional<SyncReport> lastSync() {
            return Optional.ofNullable(earlier);
        }

        @Override
        public List<TenantSpec> tenants() {
            return List.of();
        }

        @Override
        public String location() {
            return "/srv/tenants";
        }
    }

    /** A status whose tenants the test sets; thread-safe. */
    static final class FakeStatus implements PipelineStatus {
        private final Map<String, TenantStatus> tenants = new TreeMap<>();
        private final List<PipelineEvent> recent = new ArrayList<>();

        synchronized void put(TenantStatus s) {
            tenants.put(s.tenantId(), s);
        }

        synchronized void recent(PipelineEvent e) {
            recent.add(e);
        }

        @Override
        public synchronized List<TenantStatus> tenants() {
            return List.copyOf(tenants.values());
        }

        @Override
        public synchronized Optional<TenantStatus> tenant(String id) {
            return Optional.ofNullable(tenants.get(id));
        }

        @Override
        public synchronized List<PipelineEvent> recentEvents(int max) {
            return List.copyOf(recent);
        }
    }

    private final FakeRepository repository = new FakeRepository();
    private final FakeStatus status = new FakeStatus();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final RenderBatch batch = new RenderBatch(repository, status,
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

    private static SyncReport report(long generation, List<String> changed) {
        return new SyncReport(Instant.EPOCH, COMMIT, generation, changed, List.of(), List.of(), null);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anUnreadableRepositoryIsAnError() throws Exception {
        repository.report = () -> new SyncReport(Instant.EPOCH, "", 0, List.of(), List.of(), List.of(), "no such branch: prod");
        assertEquals(ExitCode.ERROR, batch.run(LONG));
        assertEquals("bbh: cannot read the tenant repository /srv/tenants: no such branch: prod\n", err());
    }

    @Test
    void tenantsThatStoppedBeforeAnAbsentStageAreASuccess() throws Exception {
        status.put(TenantStatuses.stopped("acme", 1));
        status.put(TenantStatuses.stopped("globex", 1));
        repository.report = () -> report(1, List.of("acme", "globex"));
        assertEquals(ExitCode.SUCCESS, batch.run(LONG));
        assertTrue(out().startsWith("TENANT  BACKEND  LAST DONE  STATE    ADDRESS  MESSAGE\nacme    -        validated  stopped  -"), out());
        assertEquals("2 tenants: 2 stopped\n", err());
    }

    @Test
    void aFailedTenantIsAFailure() throws Exception {
        status.put(TenantStatuses.stopped("acme", 1));
        status.put(TenantStatuses.failed("globex", 1, "tenants/globex/metadata.json:3:9: tenant globex: id: a string was expected"));
        repository.report = () -> report(1, List.of("acme", "globex"));
        assertEquals(ExitCode.FAILURE, batch.run(LONG));
        assertTrue(out().contains("globex  -        repo-changed  failed   -        validated: tenants/globex/metadata.json:3:9:"), out());
        assertEquals("2 tenants: 1 stopped, 1 failed\n", err());
    }

    @Test
    void itWaitsForEventsThatComeAfterTheSynchronisation() throws Exception {
        repository.report = () -> report(2, List.of("acme"));
        // An older, settled state: not good enough for generation 2.
        status.put(TenantStatuses.stopped("acme", 1));
        Thread pipeline = new Thread(() -> {
            try {
                assertTrue(repository.synced.await(30, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                return;
            }
            batch.onEvent(PipelineEvent.reached(Stage.REPO_CHANGED, "acme", COMMIT, 2, "tenants/acme/metadata.json", null));
            status.put(TenantStatuses.running("acme", 2));
            batch.onEvent(PipelineEvent.reached(Stage.VALIDATED, "acme", COMMIT, 2, "tenants/acme/metadata.json", null));
            status.put(TenantStatuses.stopped("acme", 2));
        });
        pipeline.start();
        assertEquals(ExitCode.SUCCESS, batch.run(LONG));
        pipeline.join();
        assertTrue(out().startsWith("REPO_CHANGED acme 0123456 gen 2\nVALIDATED acme 0123456 gen 2\nTENANT"), out());
    }

    @Test
    void eventsFromBeforeTheSubscriptionArePrintedOnce() throws Exception {
        PipelineEvent early = PipelineEvent.reached(Stage.VALIDATED, "acme", COMMIT, 1, "tenants/acme/metadata.json", null);
        status.recent(early);
        status.put(TenantStatuses.stopped("acme", 1));
        repository.earlier = report(1, List.of("acme"));
        repository.report = () -> {
            batch.onEvent(early); // delivered to the batch too, after it subscribed
            return report(1, List.of());
        };
        assertEquals(ExitCode.SUCCESS, batch.run(LONG));
        assertEquals(1, out().split("VALIDATED acme", -1).length - 1, out());
        assertTrue(out().contains("acme    -        validated  stopped"), out());
    }

    @Test
    void eventsOnlyTheStatusReceivedArePrintedToo() throws Exception {
        repository.report = () -> {
            // Posted before the batch subscribed, recorded by the status after the batch looked.
            status.recent(PipelineEvent.reached(Stage.REPO_CHANGED, "acme", COMMIT, 1, "tenants/acme/metadata.json", null));
            status.recent(PipelineEvent.reached(Stage.VALIDATED, "acme", COMMIT, 1, "tenants/acme/metadata.json", null));
            status.put(TenantStatuses.stopped("acme", 1));
            return report(1, List.of());
        };
        assertEquals(ExitCode.SUCCESS, batch.run(LONG));
        assertTrue(out().startsWith("REPO_CHANGED acme 0123456 gen 1\nVALIDATED acme 0123456 gen 1\nTENANT"), out());
    }

    @Test
    void tenantsThatDoNotSettleInTimeAreNamed() throws Exception {
        status.put(TenantStatuses.running("acme", 1));
        status.put(TenantStatuses.stopped("globex", 1));
        repository.report = () -> report(1, List.of("acme", "globex", "initech"));
        assertEquals(ExitCode.ERROR, batch.run(Duration.ofMillis(300)));
        assertTrue(err().startsWith("bbh: gave up after 0 s; still pending: acme, initech"), err());
        assertTrue(out().contains("initech  -        -             pending  -        no status yet"), out());
    }

    @Test
    void anOperatorWideProblemIsPrintedIsNoTenantAndFailsTheRender() throws Exception {
        ValidationProblem p = ValidationProblem.operatorWide("extensions/debug-tools/usr/bin/x", 0, 0, "sysext debug-tools",
                "mode 4755 has the setuid or setgid bit; an extension may not carry either");
        status.put(TenantStatuses.stopped("acme", 1));
        // Reported by the synchronisation at start, before the batch's own (which finds nothing new).
        repository.earlier = new SyncReport(Instant.EPOCH, COMMIT, 1, List.of("acme"), List.of(), List.of(p), null);
        repository.report = () -> report(1, List.of());
        assertEquals(ExitCode.FAILURE, batch.run(LONG));
        assertTrue(out().startsWith("extensions/debug-tools/usr/bin/x: operator-wide: sysext debug-tools: mode 4755 has the setuid"
                + " or setgid bit; an extension may not carry either\nTENANT"), out());
        assertEquals("1 tenant: 1 stopped\n", err(), "no tenant named after the problem");
    }
}
