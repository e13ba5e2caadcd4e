package bbh.tenant.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bbh.api.pipeline.PipelineEvent;
import bbh.api.pipeline.PipelineTopics;
import bbh.api.pipeline.Stage;
import bbh.api.stage.HostLayout;
import bbh.api.stage.NetworkStage;
import bbh.api.stage.StageException;
import bbh.api.stage.StageSkippedException;
import bbh.api.stage.TenantWork;
import bbh.api.stage.UnitsStage;
import bbh.api.status.StageState;
import bbh.api.status.TenantStatus;
import bbh.api.tenant.TenantSpec;
import java.lang.annotation.Annotation;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/** The driver alone: references bound by hand, events delivered back to it as EventAdmin would. */
class PipelineDriverTest {

    private final BlockingQueue<PipelineEvent> posted = new LinkedBlockingQueue<>();
    private PipelineDriver driver;

    @BeforeEach
    void start() {
        driver = new PipelineDriver();
        driver.events = new EventAdmin() {
            @Override
            public void postEvent(Event event) {
                posted.add(PipelineEvent.of(event));
                driver.handleEvent(event);
            }

            @Override
            public void sendEvent(Event event) {
                postEvent(event);
            }
        };
        driver.activate(config());
        driver.bindSource(null, SOURCE);
    }

    /** The source's service properties: its configuration's root. */
    private static final java.util.Map<String, Object> SOURCE = java.util.Map.of("root", "/tmp/bbh-test-root");

    @AfterEach
    void stop() {
        driver.deactivate();
    }

    @Test
    void withoutProvidersTheTenantStopsAfterValidationAndTheStatusSaysSo() throws Exception {
        validated("acme", 1);
        TenantStatus t = awaitSettled("acme");
        assertEquals(StageState.DONE, t.stage(Stage.VALIDATED).state());
        assertEquals(StageState.ABSENT, t.stage(Stage.UNITS_WRITTEN).state());
        assertTrue(t.stage(Stage.UNITS_WRITTEN).message().contains("no bundle"), t.toString());
        assertEquals(StageState.PENDING, t.stage(Stage.NETWORK_UP).state());
    }

    @Test
    void aTenantReannouncedAsValidatedShowsTheStagesBeforeAsPassed() throws Exception {
        // What a fresh driver sees after bbh.tenant's update: the source re-announces the tenants in
        // force as VALIDATED, without their REPO_CHANGED. Left PENDING, it would never settle.
        validated("acme", 4);
        TenantStatus t = awaitSettled("acme");
        assertEquals(StageState.DONE, t.stage(Stage.REPO_CHANGED).state(), t.toString());
        assertEquals(4, t.stage(Stage.REPO_CHANGED).generation());
        assertEquals("passed (implied by validated)", t.stage(Stage.REPO_CHANGED).message());
    }

    @Test
    void eventsBeforeASourceIsBoundAreHeldAndThenAppliedUnderItsRoot() throws Exception {
        // After a bundle update of bbh.tenant the driver ran without the source's root: work went
        // to the default root "/". Now it takes the root from the source, and holds work until one is bound.
        driver.deactivate();
        driver = new PipelineDriver();
        driver.events = new EventAdmin() {
            @Override
            public void postEvent(Event event) {
                posted.add(PipelineEvent.of(event));
                driver.handleEvent(event);
            }

            @Override
            public void sendEvent(Event event) {
                postEvent(event);
            }
        };
        driver.activate(config());
        List<String> roots = new CopyOnWriteArrayList<>();
        driver.bindUnits(new UnitsStage() {
            @Override
            public void apply(TenantWork work) {
                roots.add(work.host().root().toString());
            }

            @Override
            public void remove(String tenantId, HostLayout host) {}
        });
        validated("acme", 1);
        await(PipelineTopics.VALIDATED, "acme");
        assertTrue(driver.idle());
        assertTrue(driver.tenant("acme").isEmpty(), "held, not yet handled");
        driver.bindSource(null, SOURCE);
        await(PipelineTopics.UNITS_WRITTEN, "acme");
        assertEquals(List.of("/tmp/bbh-test-root"), roots);
    }

    @Test
    void aPresentStageRunsAndPostsItsEventThenTheNextAbsentOneStops() throws Exception {
        RecordingUnits units = new RecordingUnits(null);
        driver.bindUnits(units);
        validated("acme", 3);
        PipelineEvent written = await(PipelineTopics.UNITS_WRITTEN, "acme");
        assertEquals(3, written.generation());
        assertEquals("acme", written.spec().id());
        TenantStatus t = awaitSettled("acme");
        assertEquals(StageState.DONE, t.stage(Stage.UNITS_WRITTEN).state());
        assertNotNull(t.stage(Stage.UNITS_WRITTEN).started());
        assertEquals(StageState.ABSENT, t.stage(Stage.NETWORK_UP).state());
        assertEquals(List.of("apply acme 3"), units.calls);
    }

    @Test
    void stagesAfterTheConfiguredLastOneAreLeftOutAndTheStatusSaysWhy() throws Exception {
        driver.modified(config("validated"));
        RecordingUnits units = new RecordingUnits(null);
        driver.bindUnits(units);
        validated("acme", 1);
        TenantStatus t = awaitSettled("acme");
        assertEquals(StageState.ABSENT, t.stage(Stage.UNITS_WRITTEN).state());
        assertTrue(t.stage(Stage.UNITS_WRITTEN).message().contains("stop after validated"), t.toString());
        assertEquals(List.of(), units.calls);
    }

    @Test
    void aStageThatSkipsTheTenantLeavesItSkippedWithTheReasonAndPostsNoFailure() throws Exception {
        driver.bindUnits(new RecordingUnits(null) {
            @Override
            public void apply(TenantWork work) throws StageException {
                throw new StageSkippedException("disabled");
            }
        });
        validated("acme", 1);
        TenantStatus t = awaitSettled("acme");
        assertEquals(StageState.SKIPPED, t.stage(Stage.UNITS_WRITTEN).state());
        assertEquals("disabled", t.stage(Stage.UNITS_WRITTEN).message());
        assertEquals(Stage.UNITS_WRITTEN, t.stoppedAt().orElseThrow().stage());
        assertTrue(posted.stream().noneMatch(PipelineEvent::isFailure), posted.toString());
    }

    @Test
    void aFailingStagePostsFailedWithItsReason() throws Exception {
        driver.bindUnits(new RecordingUnits("disk full"));
        validated("acme", 1);
        PipelineEvent failed = await(PipelineTopics.FAILED, "acme");
        assertEquals(Stage.UNITS_WRITTEN, failed.stage());
        assertEquals("disk full", failed.error());
        TenantStatus t = awaitSettled("acme");
        assertEquals(StageState.FAILED, t.stage(Stage.UNITS_WRITTEN).state());
    }

    @Test
    void aProviderArrivingLaterPicksUpTenantsThatStoppedBeforeIt() throws Exception {
        validated("acme", 1);
        validated("beta", 1);
        awaitSettled("acme");
        awaitSettled("beta");
        RecordingUnits units = new RecordingUnits(null);
        driver.bindUnits(units);
        await(PipelineTopics.UNITS_WRITTEN, "acme", "beta");
        assertEquals(StageState.DONE, awaitSettled("acme").stage(Stage.UNITS_WRITTEN).state());
    }

    @Test
    void removalUndoesPresentStagesLastFirst() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        driver.bindUnits(new RecordingUnits(null) {
            @Override
            public void remove(String tenantId, HostLayout host) {
                order.add("units");
            }
        });
        driver.bindNetwork(new NetworkStage() {
            @Override
            public void apply(TenantWork work) {}

            @Override
            public void remove(String tenantId, HostLayout host) {
                order.add("network");
            }
        });
        driver.events.postEvent(PipelineEvent.removed("acme", "c0ffee", 2).toEvent());
        TenantStatus t = awaitSettled("acme");
        assertTrue(t.removed());
        awaitIdle();
        assertEquals(List.of("network", "units"), order);
    }

    @Test
    void workOfAnOlderGenerationIsSkippedWhenANewerOneWasValidated() throws Exception {
        RecordingUnits units = new RecordingUnits(null);
        driver.bindUnits(units);
        validated("acme", 5);
        await(PipelineTopics.UNITS_WRITTEN, "acme");
        // An event of generation 4 arriving late must not write older units over newer ones.
        validated("acme", 4);
        awaitIdle();
        assertEquals(List.of("apply acme 5"), units.calls);
    }

    // ---- helpers ----

    private void validated(String id, long generation) {
        TenantSpec spec = new TenantSpec(1, id, "", true, "nspawn", null, null, null, null, null,
                "tenants/" + id + "/metadata.json");
        driver.events.postEvent(PipelineEvent.reached(Stage.VALIDATED, id, "c0ffee", generation,
                spec.sourcePath(), spec).toEvent());
    }

    private PipelineEvent await(String topic, String... tenants) throws InterruptedException {
        List<String> waiting = new CopyOnWriteArrayList<>(List.of(tenants));
        PipelineEvent last = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!waiting.isEmpty()) {
            PipelineEvent e = posted.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            assertNotNull(e, "no " + topic + " for " + waiting + " within 10 s");
            if (e.topic().equals(topic) && waiting.remove(e.tenantId())) {
                last = e;
            }
        }
        return last;
    }

    /** Waits until the tenant has no stage pending or running; the driver's lanes signal progress via events. */
    private TenantStatus awaitSettled(String id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            TenantStatus t = driver.tenant(id).orElse(null);
            if (t != null && t.settled() && driver.idle()) {
                return t;
            }
            assertTrue(System.nanoTime() < deadline, "tenant " + id + " did not settle: " + t);
            // Wake on the next event, or re-check soon when the change was a status-only one.
            posted.poll(20, TimeUnit.MILLISECONDS);
        }
    }

    private void awaitIdle() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!driver.idle()) {
            assertTrue(System.nanoTime() < deadline, "lanes not idle within 10 s");
            posted.poll(20, TimeUnit.MILLISECONDS);
        }
    }

    private static class RecordingUnits implements UnitsStage {
        final List<String> calls = new CopyOnWriteArrayList<>();
        private final String failure;

        RecordingUnits(String failure) {
            this.failure = failure;
        }

        @Override
        public void apply(TenantWork work) throws StageException {
            calls.add("apply " + work.spec().id() + " " + work.generation());
            if (failure != null) {
                throw new StageException(failure);
            }
        }

        @Override
        public void remove(String tenantId, HostLayout host) {}
    }

    private static PipelineDriver.Config config() {
        return config("");
    }

    private static PipelineDriver.Config config(String until) {
        return new PipelineDriver.Config() {
            @Override public Class<? extends Annotation> annotationType() { return PipelineDriver.Config.class; }
            @Override public int threads() { return 4; }
            @Override public int journal() { return 100; }
            @Override public String until() { return until; }
        };
    }
}
