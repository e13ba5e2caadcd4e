package bbh.tenant.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bbh.api.pipeline.PipelineEvent;
import bbh.api.pipeline.PipelineTopics;
import bbh.api.pipeline.Stage;
import bbh.api.source.SyncReport;
import bbh.api.tenant.TenantSpec;
import bbh.api.tenant.ValidationProblem;
import bbh.tenant.validate.NamedRule;
import bbh.tenant.source.RepositorySource;
import bbh.tenant.validate.TenantValidation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Synchronisation against real git repositories, with the real source and validation. */
class TenantSyncTest {

    @TempDir
    Path tmp;

    private Path repo;
    private Git git;
    private final List<PipelineEvent> events = new ArrayList<>();
    private final TenantValidation validation = new TenantValidation();
    private RepositorySource source;

    @BeforeEach
    void init() throws Exception {
        repo = tmp.resolve("repo");
        git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call();
    }

    @AfterEach
    void close() {
        git.close();
        if (source != null) {
            source.close();
        }
    }

    @Test
    void firstCommitSendsEveryTenantAndValidatesEach() throws Exception {
        write("acme", metadata("acme", "10.1.0.0/24"));
        write("beta", metadata("beta", "10.2.0.0/24"));
        write("broken", metadata("broken", "10.3.0.0/24").replace("\"2G\"", "\"lots\""));
        RevCommit c1 = commit("three tenants");

        SyncReport r = newSync().step();

        assertTrue(r.ok(), r.error());
        assertEquals(c1.name(), r.commit());
        assertEquals(List.of("acme", "beta", "broken"), r.changed());
        assertEquals(List.of("acme", "beta", "broken"), tenantsOn(PipelineTopics.REPO_CHANGED));
        assertEquals(List.of("acme", "beta"), tenantsOn(PipelineTopics.VALIDATED));
        PipelineEvent failed = only(PipelineTopics.FAILED);
        assertEquals("broken", failed.tenantId());
        assertEquals(Stage.VALIDATED, failed.stage());
        assertTrue(failed.error().startsWith("tenants/broken/metadata.json:"), failed.error());
        assertTrue(failed.error().contains("resources.memoryMax"), failed.error());
        PipelineEvent acme = events.stream().filter(e -> e.topic().equals(PipelineTopics.VALIDATED)).findFirst().get();
        assertEquals(c1.name(), acme.commit());
        assertEquals("10.1.0.0/24", acme.spec().network().subnet());
        assertTrue(Files.exists(state().resolve("tenants/acme.json")));
    }

    @Test
    void aCommitTouchingOneTenantSendsOnlyThatOneWithANewerGeneration() throws Exception {
        write("acme", metadata("acme", "10.1.0.0/24"));
        write("beta", metadata("beta", "10.2.0.0/24"));
        commit("two");
        TenantSync sync = newSync();
        long first = sync.step().generation();
        events.clear();

        write("beta", metadata("beta", "10.2.0.0/24").replace("\"2G\"", "\"3G\""));
        RevCommit c2 = commit("beta gets more memory");
        SyncReport r = sync.step();

        assertEquals(List.of("beta"), r.changed());
        assertEquals(List.of("beta"), tenantsOn(PipelineTopics.REPO_CHANGED));
        assertEquals(List.of("beta"), tenantsOn(PipelineTopics.VALIDATED));
        assertTrue(r.generation() > first);
        assertEquals(c2.name(), events.get(0).commit());
        assertEquals("3G", events.get(1).spec().resources().memoryMax());
    }

    @Test
    void aDeletedFolderSendsRemoved() throws Exception {
        write("acme", metadata("acme", "10.1.0.0/24"));
        write("beta", metadata("beta", "10.2.0.0/24"));
        commit("two");
        TenantSync sync = newSync();
        sync.step();
        events.clear();

        git.rm().addFilepattern("tenants/beta/metadata.json").call();
        commit("beta leaves");
        SyncReport r = sync.step();

        assertEquals(List.of("beta"), r.removed());
        assertEquals(List.of("beta"), tenantsOn(PipelineTopics.REMOVED));
        assertEquals(1, events.size());
        assertEquals(List.of("acme"), ids(sync.inForce()));
        assertFalse(Files.exists(state().resolve("tenants/beta.json")));
    }

    @Test
    void aBrokenCommitKeepsTheLastValidSpecInForce() throws Exception {
        write("acme", metadata("acme", "10.1.0.0/24"));
        commit("one");
        TenantSync sync = newSync();
        sync.step();

        write("acme", "{ \"schemaVersion\": 1, \"id\": \"acme\", ");
        commit("truncated");
        SyncReport r = sync.step();

        assertEquals(1, r.problems().size());
        assertEquals(PipelineTopics.FAILED, events.get(events.size() - 1).topic());
        assertEquals(List.of("acme"), ids(sync.inForce()));
        assertEquals("10.1.0.0/24", sync.inForce().get(0).network().subnet());
        // And after a restart, too: it is on disk.
        assertEquals("10.1.0.0/24", newSync().inForce().get(0).network().subnet());
    }

    @Test
    void anUnreadableRepositoryChangesNothingAndIsRetried() throws Exception {
        write("acme", metadata("acme", "10.1.0.0/24"));
        commit("one");
        TenantSync sync = newSync();
        SyncReport good = sync.step();
        events.clear();

        Path moved = tmp.resolve("moved");
        Files.move(repo, moved);
        SyncReport bad = sync.step();
        assertFalse(bad.ok());
        assertTrue(bad.error().contains(repo.toString()), bad.error());
        assertEquals(good.commit(), bad.commit());
        assertTrue(events.isEmpty(), events.toString());
        assertEquals(List.of("acme"), ids(sync.inForce()));

        Files.move(moved, repo);
        SyncReport again = sync.step();
        assertTrue(again.ok(), again.error());
        assertTrue(events.isEmpty(), "nothing changed, nothing sent: " + events);
    }

    @Test
    void aCommitWithoutTenantsRemovesNothing() throws Exception {
        write("acme", metadata("acme", "10.1.0.0/24"));
        commit("one");
        TenantSync sync = newSync();
        sync.step();
        events.clear();

        git.rm().addFilepattern("tenants").call();
        Files.writeString(repo.resolve("README"), "oops");
        git.add().addFilepattern("README").call();
        commit("wrong branch content");
        SyncReport r = sync.step();

        assertFalse(r.ok());
        assertTrue(r.error().contains("refusing to remove all 1 tenants"), r.error());
        assertTrue(events.isEmpty());
        assertEquals(List.of("acme"), ids(sync.inForce()));
    }

    @Test
    void aRestartSendsNothingForUnchangedTenantsButReannouncesThoseInForce() throws Exception {
        write("acme", metadata("acme", "10.1.0.0/24"));
        commit("one");
        newSync().step();
        events.clear();

        TenantSync restarted = newSync();
        assertTrue(restarted.step().changed().isEmpty());
        assertTrue(events.isEmpty());
        restarted.reconcile();
        assertEquals(List.of("acme"), tenantsOn(PipelineTopics.VALIDATED));
    }

    @Test
    void aNewTenantOverlappingAnUnchangedOneIsRejectedNamingBoth() throws Exception {
        write("acme", metadata("acme", "10.1.0.0/16"));
        commit("one");
        TenantSync sync = newSync();
        sync.step();
        events.clear();

        write("beta", metadata("beta", "10.1.7.0/24"));
        commit("beta overlaps acme");
        sync.step();

        PipelineEvent failed = only(PipelineTopics.FAILED);
        assertEquals("beta", failed.tenantId());
        assertTrue(failed.error().contains("acme"), failed.error());
        assertTrue(failed.error().contains("network.subnet"), failed.error());
    }

    @Test
    void aPlainFolderIsFollowedToo() throws Exception {
        Path folder = tmp.resolve("plain");
        Files.createDirectories(folder.resolve("tenants/acme"));
        Files.writeString(folder.resolve("tenants/acme/metadata.json"), metadata("acme", "10.1.0.0/24"));
        source = new RepositorySource(folder.toString(), "", tmp.resolve("state"));
        TenantSync sync = new TenantSync(source, validation, new AppliedState(state()), events::add);

        SyncReport r = sync.step();

        assertTrue(r.ok(), r.error());
        assertTrue(r.commit().startsWith("worktree:"), r.commit());
        assertEquals(List.of("acme"), tenantsOn(PipelineTopics.VALIDATED));
        events.clear();
        assertTrue(sync.step().changed().isEmpty());
    }

    @Test
    void aRuleOfAStageBundleMakesATenantInvalidAndItsLastValidSpecStays() throws Exception {
        write("acme", metadata("acme", "10.1.0.0/24"));
        write("beta", metadata("beta", "10.2.0.0/24"));
        commit("two");
        List<NamedRule> rules = new ArrayList<>();
        source = new RepositorySource(repo.toString(), "", state());
        TenantSync sync = new TenantSync(source, validation, new AppliedState(state()), events::add, () -> List.copyOf(rules));
        sync.step();
        events.clear();

        // The rule reads the repository at the commit being validated, as an extension check does.
        rules.add(new NamedRule("test", (spec, files) -> {
            try {
                return files.walk("tenants/" + spec.id()).stream().anyMatch(e -> e.path().endsWith("/forbidden"))
                        ? List.of(new ValidationProblem("tenants/" + spec.id() + "/forbidden", 0, 0, spec.id(), "-",
                                "no file named forbidden was expected"))
                        : List.of();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }));
        write("beta", metadata("beta", "10.2.0.0/24").replace("\"2G\"", "\"3G\""));
        Path forbidden = repo.resolve("tenants/beta/forbidden");
        Files.writeString(forbidden, "x");
        git.add().addFilepattern("tenants/beta/forbidden").call();
        commit("beta gets more memory and a forbidden file");
        SyncReport r = sync.step();

        PipelineEvent failed = only(PipelineTopics.FAILED);
        assertEquals("beta", failed.tenantId());
        assertEquals("tenants/beta/forbidden: tenant beta: -: no file named forbidden was expected", failed.error());
        assertEquals(1, r.problems().size());
        assertEquals("2G", sync.inForce().get(1).resources().memoryMax(), "the last valid spec stays in force");
    }

    @Test
    void aRuleThatThrowsMakesTheTenantInvalidAndSaysWhich() throws Exception {
        write("acme", metadata("acme", "10.1.0.0/24"));
        commit("one");
        source = new RepositorySource(repo.toString(), "", state());
        TenantSync sync = new TenantSync(source, validation, new AppliedState(state()), events::add,
                () -> List.of(new NamedRule("broken", (spec, files) -> {
                    throw new IllegalStateException("boom");
                })));
        sync.step();

        PipelineEvent failed = only(PipelineTopics.FAILED);
        assertTrue(failed.error().contains("the 'broken' checks could not run (java.lang.IllegalStateException: boom)"),
                failed.error());
        assertTrue(sync.inForce().isEmpty());
    }

    // ---- helpers ----

    private TenantSync newSync() throws Exception {
        if (source != null) {
            source.close();
        }
        source = new RepositorySource(repo.toString(), "", state());
        return new TenantSync(source, validation, new AppliedState(state()), events::add);
    }

    private Path state() {
        return tmp.resolve("state");
    }

    private void write(String id, String json) throws Exception {
        Path f = repo.resolve("tenants").resolve(id).resolve("metadata.json");
        Files.createDirectories(f.getParent());
        Files.writeString(f, json, StandardCharsets.UTF_8);
        git.add().addFilepattern("tenants/" + id + "/metadata.json").call();
    }

    private RevCommit commit(String message) throws Exception {
        return git.commit().setMessage(message).setAuthor("t", "t@localhost").setCommitter("t", "t@localhost").call();
    }

    private List<String> tenantsOn(String topic) {
        return events.stream().filter(e -> e.topic().equals(topic)).map(PipelineEvent::tenantId).sorted()
                .collect(Collectors.toList());
    }

    private PipelineEvent only(String topic) {
        List<PipelineEvent> on = events.stream().filter(e -> e.topic().equals(topic)).toList();
        assertEquals(1, on.size(), on.toString());
        assertNotNull(on.get(0));
        return on.get(0);
    }

    private static List<String> ids(List<TenantSpec> specs) {
        return specs.stream().map(TenantSpec::id).toList();
    }

    static String metadata(String id, String subnet) {
        return """
                {
                  "schemaVersion": 1,
                  "id": "%s",
                  "description": "test tenant",
                  "backend": "nspawn",
                  "resources": { "cpuWeight": 100, "memoryMax": "2G", "tasksMax": 64 },
                  "network": { "subnet": "%s", "dns": ["10.0.0.53"] }
                }
                """.formatted(id, subnet);
    }

}
