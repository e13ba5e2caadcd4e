package bbh.itest;

import static bbh.itest.TenantMetadata.ACME;
import static bbh.itest.TenantMetadata.ACME_ZERO_CPU_WEIGHT;
import static bbh.itest.TenantMetadata.GLOBEX;
import static bbh.itest.TenantMetadata.GLOBEX_RESIZED;
import static bbh.itest.TenantMetadata.INITECH_BAD_MEMORY;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import bbh.api.pipeline.PipelineEvent;
import bbh.api.pipeline.PipelineTopics;
import bbh.api.pipeline.Stage;
import bbh.api.source.SyncReport;
import bbh.api.source.TenantRepository;
import bbh.api.status.PipelineStatus;
import bbh.api.status.StageState;
import bbh.api.status.TenantStatus;
import bbh.api.tenant.TenantSpec;
import bbh.api.tenant.ValidationProblem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * The acceptance test of the git-ops source: one real git repository followed through four
 * commits, checking the events each commit causes, what the repository service holds, and what
 * PipelineStatus says.
 *
 * <p>The steps run in name order, each from where the previous one left the repository, so the
 * story lives in static fields: JUnit makes an instance per test, while the probe bundle (and so
 * this class) lives as long as the framework. A step whose predecessor failed fails at once,
 * saying so, instead of failing for a reason that is not its own.
 *
 * <p>The repository: {@code acme} and {@code globex} valid, {@code initech} invalid (see
 * {@link TenantMetadata}). Commit 2 changes globex, commit 3 deletes it, commit 4 breaks acme.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class PipelineIT {

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return BbhOptions.bbhRuntime();
    }

    private static TenantGitRepo repo;
    private static PipelineEventQueue events;
    private static int stepsDone;
    private static String commit1;
    private static long generation1;
    private static TenantSpec acmeAtCommit1;

    @Test
    public void step1_firstCommitSendsEveryTenantDownThePipeline() {
        startStep(1);
        Path work = Scratch.folder("PipelineIT");
        repo = TenantGitRepo.init(work.resolve("repo"))
                .write("acme", ACME)
                .write("globex", GLOBEX)
                .write("initech", INITECH_BAD_MEMORY);
        commit1 = repo.commit("acme, globex and initech (invalid)");

        events = PipelineEventQueue.subscribe(context);
        // This test is about the first two stages: a target filter that matches no provider makes
        // the units stage absent (the selection rule of bbh.api.stage at work), so the pipeline
        // stops after validation.
        SourceConfiguration.withoutUnitsStage(Await.service(context, ConfigurationAdmin.class));
        SourceConfiguration.follow(Await.service(context, ConfigurationAdmin.class), repo.top().toString(),
                work.resolve("host"));

        // The repository syncs once when its configuration appears, with nobody using its service.
        awaitRepositoryRunning();
        Map<String, List<PipelineEvent>> byTenant = byTenant(events.take(6));
        assertEquals("tenants with events", List.of("acme", "globex", "initech"), List.copyOf(byTenant.keySet()));
        List<PipelineEvent> all = byTenant.values().stream().flatMap(List::stream).toList();
        generation1 = all.get(0).generation();
        for (PipelineEvent e : all) {
            assertEquals("commit of " + e.summary(), commit1, e.commit());
            assertEquals("generation of " + e.summary() + " (one per synchronisation)", generation1, e.generation());
        }

        acmeAtCommit1 = assertValidated(byTenant.get("acme"));
        assertEquals("acme", acmeAtCommit1.id());
        assertEquals(1, acmeAtCommit1.schemaVersion());
        assertEquals("ACME production", acmeAtCommit1.description());
        assertTrue("enabled by default", acmeAtCommit1.enabled());
        assertEquals("nspawn", acmeAtCommit1.backend());
        assertEquals(new TenantSpec.Image("directory", "debian-12"), acmeAtCommit1.image());
        assertEquals(Integer.valueOf(100), acmeAtCommit1.resources().cpuWeight());
        assertEquals("2G", acmeAtCommit1.resources().memoryMax());
        assertEquals(new TenantSpec.Network("10.101.0.0/24", 101, List.of("10.101.0.1")), acmeAtCommit1.network());
        assertEquals(List.of(), acmeAtCommit1.extensions());
        assertEquals(List.of(), acmeAtCommit1.dependsOn());
        assertEquals(TenantMetadata.path("acme"), acmeAtCommit1.sourcePath());

        TenantSpec globex = assertValidated(byTenant.get("globex"));
        assertEquals("Globex staging", globex.description());
        assertEquals("vmspawn", globex.backend());
        assertEquals(new TenantSpec.Image("raw", "globex.raw"), globex.image());
        assertEquals(TenantSpec.Resources.NONE, globex.resources());
        assertEquals(new TenantSpec.Network("10.102.0.0/24", null, List.of()), globex.network());

        String initechAt = TenantMetadata.valuePosition(INITECH_BAD_MEMORY, "\"memoryMax\": ");
        assertFailedValidation(byTenant.get("initech"), initechAt, "resources.memoryMax");
        events.assertQuiet();

        TenantRepository repository = repository();
        assertEquals("location", repo.top().toString(), repository.location());
        Await.until(() -> repository.lastSync().isPresent() ? null : "TenantRepository.lastSync() is empty");
        SyncReport first = repository.lastSync().get();
        assertNull("error of the first sync", first.error());
        assertEquals("commit of the first sync", commit1, first.commit());
        assertEquals("generation of the first sync", generation1, first.generation());
        assertEquals("changed", List.of("acme", "globex", "initech"), first.changed());
        assertEquals("removed", List.of(), first.removed());
        assertProblem(first.problems(), "initech", initechAt, "resources.memoryMax");

        assertEquals("tenants in force", List.of(acmeAtCommit1, globex), repository.tenants());
        stepsDone = 1;
    }

    @Test
    public void step2_changedTenantAloneGoesDownThePipeline() {
        startStep(2);
        String commit2 = repo.write("globex", GLOBEX_RESIZED).commit("globex: more memory");

        SyncReport report = repository().sync();
        assertNull("sync error", report.error());
        assertEquals("commit", commit2, report.commit());
        assertTrue("generation " + report.generation() + " must be greater than the first sync's " + generation1,
                report.generation() > generation1);
        assertEquals("changed", List.of("globex"), report.changed());
        assertEquals("removed", List.of(), report.removed());
        assertEquals("problems", List.of(), report.problems());

        List<PipelineEvent> got = events.take(2);
        for (PipelineEvent e : got) {
            assertEquals("tenant of " + e.summary(), "globex", e.tenantId());
            assertEquals("commit of " + e.summary(), commit2, e.commit());
            assertEquals("generation of " + e.summary(), report.generation(), e.generation());
        }
        TenantSpec globex = assertValidated(got);
        assertEquals("Globex staging, resized", globex.description());
        assertEquals("4G", globex.resources().memoryMax());
        // acme and initech did not change: no event for them.
        events.assertQuiet();

        assertEquals("tenants in force", List.of(acmeAtCommit1, globex), repository().tenants());
        awaitStatus("globex", s -> reachedValidated(s, commit2, report.generation()));
        stepsDone = 2;
    }

    @Test
    public void step3_deletedTenantIsRemoved() {
        startStep(3);
        String commit3 = repo.delete("globex").commit("globex leaves");

        SyncReport report = repository().sync();
        assertNull("sync error", report.error());
        assertEquals("commit", commit3, report.commit());
        assertEquals("changed", List.of(), report.changed());
        assertEquals("removed", List.of("globex"), report.removed());

        PipelineEvent removed = events.take(1).get(0);
        assertEquals("event", PipelineTopics.REMOVED, removed.topic());
        assertEquals("tenant of " + removed.summary(), "globex", removed.tenantId());
        assertEquals("commit of " + removed.summary(), commit3, removed.commit());
        assertEquals("generation of " + removed.summary(), report.generation(), removed.generation());
        assertNull("stage of REMOVED", removed.stage());
        events.assertQuiet();

        assertEquals("tenants in force", List.of(acmeAtCommit1), repository().tenants());
        awaitStatus("globex", s -> s.removed() ? null : "not marked removed");
        stepsDone = 3;
    }

    @Test
    public void step4_statusShowsWhereEachTenantStopped() {
        startStep(4);
        // acme: untouched since commit 1, so its status still belongs to commit 1.
        awaitStatus("acme", s -> reachedValidated(s, commit1, generation1));
        awaitStatus("initech", s -> {
            if (s.stage(Stage.VALIDATED).state() != StageState.FAILED) {
                return "validated is " + s.stage(Stage.VALIDATED).state() + ", expected FAILED";
            }
            return s.settled() ? null : "not settled: " + s.stages();
        });
        PipelineStatus status = Await.service(context, PipelineStatus.class);
        List<String> known = status.tenants().stream().map(TenantStatus::tenantId).toList();
        assertEquals("tenants known to PipelineStatus (sorted, removed ones included)",
                List.of("acme", "globex", "initech"), known);
        stepsDone = 4;
    }

    @Test
    public void step5_brokenTenantFailsAndKeepsItsLastValidSpec() {
        startStep(5);
        String commit4 = repo.write("acme", ACME_ZERO_CPU_WEIGHT).commit("acme: cpuWeight 0");
        String at = TenantMetadata.valuePosition(ACME_ZERO_CPU_WEIGHT, "\"cpuWeight\": ");

        SyncReport report = repository().sync();
        assertNull("sync error", report.error());
        assertEquals("commit", commit4, report.commit());
        assertEquals("changed", List.of("acme"), report.changed());
        assertEquals("removed", List.of(), report.removed());
        assertProblem(report.problems(), "acme", at, "resources.cpuWeight");

        List<PipelineEvent> got = events.take(2);
        for (PipelineEvent e : got) {
            assertEquals("tenant of " + e.summary(), "acme", e.tenantId());
            assertEquals("commit of " + e.summary(), commit4, e.commit());
            assertEquals("generation of " + e.summary(), report.generation(), e.generation());
        }
        assertFailedValidation(got, at, "resources.cpuWeight");
        events.assertQuiet();

        // The last valid spec stays in force.
        assertEquals("tenants in force", List.of(acmeAtCommit1), repository().tenants());
        awaitStatus("acme", s -> {
            if (!commit4.equals(s.commit())) {
                return "commit is " + s.commit() + ", expected " + commit4;
            }
            if (s.stage(Stage.REPO_CHANGED).state() != StageState.DONE) {
                return "repo-changed is " + s.stage(Stage.REPO_CHANGED).state() + ", expected DONE";
            }
            if (s.stage(Stage.VALIDATED).state() != StageState.FAILED) {
                return "validated is " + s.stage(Stage.VALIDATED).state() + ", expected FAILED";
            }
            return s.settled() ? null : "not settled: " + s.stages();
        });
        events.close();
        stepsDone = 5;
    }

    private static void startStep(int step) {
        if (stepsDone != step - 1) {
            throw new AssertionError("step " + (step - 1) + " did not complete; step " + step + " builds on it");
        }
    }

    /**
     * Waits until the component providing TenantRepository is ACTIVE. Without looking up the service:
     * a delayed component stays SATISFIED until someone does, so it would never sync by itself.
     */
    private void awaitRepositoryRunning() {
        ServiceComponentRuntime scr = Await.service(context, ServiceComponentRuntime.class);
        Await.until(() -> {
            List<String> seen = new ArrayList<>();
            for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
                if (!Arrays.asList(d.serviceInterfaces).contains(TenantRepository.class.getName())) {
                    continue;
                }
                for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                    if (c.state == ComponentConfigurationDTO.ACTIVE) {
                        return null;
                    }
                    seen.add(d.name + " in state " + c.state + " (4 = satisfied but not activated)");
                }
            }
            return "no active component provides TenantRepository" + (seen.isEmpty() ? "" : ": " + seen)
                    + "; it must be immediate to follow the repository on its own";
        });
    }

    private TenantRepository repository() {
        return Await.service(context, TenantRepository.class);
    }

    /** The events grouped by tenant, sorted by id, each tenant's in arrival order. */
    private static Map<String, List<PipelineEvent>> byTenant(List<PipelineEvent> events) {
        return events.stream().collect(Collectors.groupingBy(PipelineEvent::tenantId, TreeMap::new, Collectors.toList()));
    }

    /** Asserts REPO_CHANGED then VALIDATED for one tenant and returns the validated spec. */
    private static TenantSpec assertValidated(List<PipelineEvent> tenantEvents) {
        assertEquals("events of one tenant:" + PipelineEventQueue.summaries(tenantEvents),
                List.of(PipelineTopics.REPO_CHANGED, PipelineTopics.VALIDATED), topics(tenantEvents));
        PipelineEvent changed = tenantEvents.get(0);
        PipelineEvent validated = tenantEvents.get(1);
        String id = changed.tenantId();
        assertEquals(Stage.REPO_CHANGED, changed.stage());
        assertEquals(TenantMetadata.path(id), changed.sourcePath());
        assertNull("REPO_CHANGED carries no spec", changed.spec());
        assertEquals(Stage.VALIDATED, validated.stage());
        assertEquals(TenantMetadata.path(id), validated.sourcePath());
        assertNull("error on VALIDATED", validated.error());
        assertNotNull("VALIDATED carries the spec", validated.spec());
        assertEquals("spec's id", id, validated.spec().id());
        return validated.spec();
    }

    /**
     * Asserts REPO_CHANGED then FAILED at stage validated for one tenant, with an error naming the
     * file, {@code line:column} and field.
     */
    private static void assertFailedValidation(List<PipelineEvent> tenantEvents, String lineColumn, String field) {
        assertEquals("events of one tenant:" + PipelineEventQueue.summaries(tenantEvents),
                List.of(PipelineTopics.REPO_CHANGED, PipelineTopics.FAILED), topics(tenantEvents));
        PipelineEvent failed = tenantEvents.get(1);
        String id = failed.tenantId();
        assertEquals("stage that failed", Stage.VALIDATED, failed.stage());
        assertNull("FAILED carries no spec", failed.spec());
        assertNotNull("FAILED carries an error", failed.error());
        String where = TenantMetadata.path(id) + ":" + lineColumn;
        assertTrue("error names " + where + ": " + failed.error(), failed.error().contains(where));
        assertTrue("error names the field " + field + ": " + failed.error(), failed.error().contains(field));
    }

    /** Asserts exactly one problem, of {@code tenant}'s metadata file at {@code line:column}, about {@code field}. */
    private static void assertProblem(List<ValidationProblem> problems, String tenant, String lineColumn, String field) {
        assertEquals("problems: " + problems, 1, problems.size());
        ValidationProblem p = problems.get(0);
        assertEquals("problem's tenant", tenant, p.tenantId());
        assertEquals("problem's file", TenantMetadata.path(tenant), p.path());
        assertEquals("problem's line:column", lineColumn, p.line() + ":" + p.column());
        assertEquals("problem's field", field, p.field());
    }

    private static List<String> topics(List<PipelineEvent> events) {
        return events.stream().map(PipelineEvent::topic).toList();
    }

    /**
     * Null when the tenant's status is: repo-changed and validated DONE for the commit, then
     * units-written ABSENT (its provider is filtered out by configuration) and the rest not started, and
     * settled. Else what differs.
     */
    private static String reachedValidated(TenantStatus s, String commit, long generation) {
        if (!commit.equals(s.commit()) || s.generation() != generation) {
            return "at " + s.commit() + " gen " + s.generation() + ", expected " + commit + " gen " + generation;
        }
        if (s.removed()) {
            return "marked removed";
        }
        for (Stage done : List.of(Stage.REPO_CHANGED, Stage.VALIDATED)) {
            if (s.stage(done).state() != StageState.DONE) {
                return done.id() + " is " + s.stage(done).state() + ", expected DONE";
            }
        }
        if (s.stage(Stage.UNITS_WRITTEN).state() != StageState.ABSENT) {
            return "units-written is " + s.stage(Stage.UNITS_WRITTEN).state() + ", expected ABSENT";
        }
        for (Stage later : List.of(Stage.NETWORK_UP, Stage.OVERLAY_MOUNTED, Stage.VM_STARTED)) {
            StageState state = s.stage(later).state();
            if (state != StageState.PENDING && state != StageState.ABSENT) {
                return later.id() + " is " + state + ", expected PENDING or ABSENT";
            }
        }
        if (!s.stoppedAt().map(x -> x.stage() == Stage.UNITS_WRITTEN).orElse(false)) {
            return "stopped at " + s.stoppedAt() + ", expected units-written";
        }
        return s.settled() ? null : "not settled: " + s.stages();
    }

    /** Waits until {@code check} passes for the tenant's status (PipelineStatus records events on its own threads). */
    private void awaitStatus(String tenant, java.util.function.Function<TenantStatus, String> check) {
        PipelineStatus status = Await.service(context, PipelineStatus.class);
        Await.until(() -> {
            Optional<TenantStatus> s = status.tenant(tenant);
            if (s.isEmpty()) {
                return "PipelineStatus does not know " + tenant;
            }
            String wrong = check.apply(s.get());
            return wrong == null ? null : "status of " + tenant + ": " + wrong;
        });
    }
}
