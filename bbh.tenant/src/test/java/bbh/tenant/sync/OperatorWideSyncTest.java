package bbh.tenant.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bbh.api.pipeline.PipelineEvent;
import bbh.api.pipeline.PipelineTopics;
import bbh.api.source.FileEntry;
import bbh.api.source.RepositoryFiles;
import bbh.api.source.SyncReport;
import bbh.api.tenant.RepositoryRule;
import bbh.api.tenant.ValidationProblem;
import bbh.tenant.source.RepositorySource;
import bbh.tenant.validate.RepositoryRules;
import bbh.tenant.validate.TenantValidation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository rules in a synchronisation, against a real git repository: run once per commit
 * that changed the top {@code extensions/} folder, reported in the SyncReport as operator-wide
 * problems, and never making a tenant invalid.
 */
class OperatorWideSyncTest {

    @TempDir
    Path tmp;

    private Path repo;
    private Git git;
    private RepositorySource source;
    private final List<PipelineEvent> events = new ArrayList<>();
    private final List<RepositoryRules.Named> rules = new ArrayList<>();
    private final AtomicInteger runs = new AtomicInteger();

    /** A rule like bbh.sysext's: every file named "forbidden" under extensions/ is a problem. */
    private final RepositoryRule noForbiddenFile = files -> {
        runs.incrementAndGet();
        return walk(files).stream().filter(e -> e.path().endsWith("/forbidden"))
                .map(e -> ValidationProblem.operatorWide(e.path(), 0, 0, "sysext tools", "no file named forbidden was expected"))
                .toList();
    };

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
    void aBadOperatorWideTreeIsReportedOnceAndNoTenantBecomesInvalid() throws Exception {
        rules.add(new RepositoryRules.Named("test", noForbiddenFile));
        tenant("acme", "10.1.0.0/24", "2G");
        file("extensions/tools/usr/bin/forbidden", "x");
        commit("a tenant and a bad operator-wide tree");
        TenantSync sync = newSync();

        SyncReport r = sync.step();

        assertEquals(List.of("acme"), r.changed());
        assertEquals(List.of("extensions/tools/usr/bin/forbidden: operator-wide: sysext tools: no file named forbidden was expected"),
                r.problems().stream().map(ValidationProblem::toString).toList());
        assertTrue(r.problems().get(0).operatorWide());
        assertEquals(List.of("acme"), tenantsOn(PipelineTopics.VALIDATED), "the tenant does not depend on the tree");
        assertEquals(List.of(), tenantsOn(PipelineTopics.FAILED));
        assertEquals(1, runs.get());

        // A commit that changes a tenant but not extensions/: the rules do not run, nothing repeated.
        tenant("acme", "10.1.0.0/24", "3G");
        commit("acme gets more memory");
        r = sync.step();
        assertEquals(List.of("acme"), r.changed());
        assertEquals(List.of(), r.problems());
        assertEquals(1, runs.get(), "extensions/ did not change: the rules are not run again");
    }

    @Test
    void aCommitChangingOnlyExtensionsRunsTheRulesAndTouchesNoTenant() throws Exception {
        rules.add(new RepositoryRules.Named("test", noForbiddenFile));
        tenant("acme", "10.1.0.0/24", "2G");
        file("extensions/tools/usr/bin/tool", "v1");
        commit("one");
        TenantSync sync = newSync();
        assertEquals(List.of(), sync.step().problems());
        long generation = sync.step().generation();
        events.clear();

        file("extensions/tools/usr/bin/forbidden", "x");
        commit("the operator breaks the tree");
        SyncReport bad = sync.step();

        assertEquals(List.of(), bad.changed());
        assertEquals(1, bad.problems().size(), bad.problems().toString());
        assertTrue(bad.problems().get(0).operatorWide());
        assertEquals(generation, bad.generation(), "no tenant changed: no new generation");
        assertEquals(List.of(), events, "no tenant event carries an operator-wide problem");
        assertEquals(List.of("acme"), sync.inForce().stream().map(s -> s.id()).toList());
        assertEquals(2, runs.get());

        // The same commit again: checked already.
        assertEquals(List.of(), sync.step().problems());
        assertEquals(2, runs.get());

        git.rm().addFilepattern("extensions/tools/usr/bin/forbidden").call();
        commit("fixed");
        assertEquals(List.of(), sync.step().problems());
        assertEquals(3, runs.get());
    }

    @Test
    void aRuleBoundLaterChecksTheCommitInForceAtTheNextStep() throws Exception {
        tenant("acme", "10.1.0.0/24", "2G");
        file("extensions/tools/usr/bin/forbidden", "x");
        commit("one");
        TenantSync sync = newSync();
        assertEquals(List.of(), sync.step().problems(), "no rule bound yet");

        // bbh.sysext started after the first step: its rule must still see the tree in force.
        rules.add(new RepositoryRules.Named("test", noForbiddenFile));
        SyncReport r = sync.step();

        assertEquals(1, r.problems().size());
        assertEquals(1, runs.get());
    }

    @Test
    void aRuleThatThrowsIsAnOperatorWideProblemNamingIt() throws Exception {
        rules.add(new RepositoryRules.Named("broken", files -> {
            throw new IllegalStateException("boom");
        }));
        tenant("acme", "10.1.0.0/24", "2G");
        commit("one");

        SyncReport r = newSync().step();

        assertEquals(1, r.problems().size());
        ValidationProblem p = r.problems().get(0);
        assertTrue(p.operatorWide());
        assertEquals("extensions: operator-wide: -: the 'broken' checks could not run (java.lang.IllegalStateException: boom); "
                + "the operator-wide part is valid only when they pass", p.toString());
        assertEquals(List.of("acme"), tenantsOn(PipelineTopics.VALIDATED));
    }

    // ---- helpers ----

    private TenantSync newSync() throws Exception {
        source = new RepositorySource(repo.toString(), "", tmp.resolve("state"));
        return new TenantSync(source, new TenantValidation(), new AppliedState(tmp.resolve("state")), events::add,
                List::of, () -> List.copyOf(rules));
    }

    private static List<FileEntry> walk(RepositoryFiles files) {
        try {
            return files.walk(RepositoryRule.WATCHED_FOLDER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void tenant(String id, String subnet, String memory) throws Exception {
        file("tenants/" + id + "/metadata.json", TenantSyncTest.metadata(id, subnet).replace("\"2G\"", "\"" + memory + "\""));
    }

    private void file(String path, String content) throws Exception {
        Path f = repo.resolve(path);
        Files.createDirectories(f.getParent());
        Files.writeString(f, content, StandardCharsets.UTF_8);
        git.add().addFilepattern(path).call();
    }

    private void commit(String message) throws Exception {
        git.commit().setMessage(message).setAuthor("t", "t@localhost").setCommitter("t", "t@localhost").call();
    }

    private List<String> tenantsOn(String topic) {
        return events.stream().filter(e -> e.topic().equals(topic)).map(PipelineEvent::tenantId).sorted().toList();
    }
}
