package bbh.tenant.source;

import static bbh.tenant.source.TestRepos.commitAll;
import static bbh.tenant.source.TestRepos.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local git repositories, with a working tree or bare: committed state, branches, errors. */
class LocalGitSourceTest {

    @TempDir
    Path tmp;

    private Path top;
    private Git git;
    private RevCommit first;

    @BeforeEach
    void threeTenants() throws Exception {
        top = tmp.resolve("repo");
        git = TestRepos.init(top);
        for (String t : List.of("acme", "beta", "gamma")) {
            write(top, "tenants/" + t + "/metadata.json", "{\"id\":\"" + t + "\"}\n");
        }
        write(top, "tenants/beta/extensions/tools/usr/lib/extension-release.d/x", "ID=_any\n");
        first = commitAll(git, "three tenants");
    }

    private RepositorySource source(String branch) {
        return new RepositorySource(top.toString(), branch, tmp.resolve("state"));
    }

    @Test
    void treeIdChangesForExactlyTheTenantWhoseFileChanged() throws Exception {
        SortedMap<String, String> before;
        try (RepositorySource source = source(null)) {
            try (RepositorySnapshot s = source.open()) {
                assertEquals(first.name(), s.commit());
                before = s.tenantTrees();
                assertEquals(Set.of("acme", "beta", "gamma"), before.keySet());
            }
            write(top, "tenants/beta/extensions/tools/usr/lib/extension-release.d/x", "ID=_any\nSYSEXT_LEVEL=2\n");
            RevCommit second = commitAll(git, "beta's extension changes");
            try (RepositorySnapshot s = source.open()) {
                assertEquals(second.name(), s.commit());
                SortedMap<String, String> after = s.tenantTrees();
                assertEquals(before.get("acme"), after.get("acme"));
                assertEquals(before.get("gamma"), after.get("gamma"));
                assertNotEquals(before.get("beta"), after.get("beta"));
            }
        }
    }

    @Test
    void uncommittedChangesAreNotSeen() throws Exception {
        write(top, "tenants/acme/metadata.json", "{\"id\":\"acme\",\"edited\":true}\n");
        write(top, "tenants/delta/metadata.json", "{\"id\":\"delta\"}\n");
        git.add().addFilepattern("tenants/delta").call(); // staged, not committed: still not seen
        Files.delete(top.resolve("tenants/gamma/metadata.json"));
        try (RepositorySource source = source(null); RepositorySnapshot s = source.open()) {
            assertEquals(first.name(), s.commit());
            assertEquals(Set.of("acme", "beta", "gamma"), s.tenantTrees().keySet());
            byte[] acme = s.tenant("acme").orElseThrow().read("metadata.json", 1000);
            assertEquals("{\"id\":\"acme\"}\n", new String(acme, StandardCharsets.UTF_8));
            assertEquals("{\"id\":\"gamma\"}\n",
                    new String(s.tenant("gamma").orElseThrow().read("metadata.json", 1000), StandardCharsets.UTF_8));
        }
    }

    @Test
    void bareRepositoryIsReadLikeAnyOther() throws Exception {
        Path bare = TestRepos.bareClone(top, tmp.resolve("bare.git"));
        try (RepositorySource worktree = source(null);
                RepositorySource source = new RepositorySource(bare.toString(), null, tmp.resolve("state"));
                RepositorySnapshot w = worktree.open();
                RepositorySnapshot s = source.open()) {
            assertEquals(first.name(), s.commit());
            assertEquals(w.tenantTrees(), s.tenantTrees());
            assertTrue(s.tenant("acme").isPresent());
        }
    }

    @Test
    void branchIsSelectedByName() throws Exception {
        git.checkout().setCreateBranch(true).setName("staging").call();
        write(top, "tenants/epsilon/metadata.json", "{}");
        RevCommit staging = commitAll(git, "a tenant on staging only");
        git.checkout().setName("main").call();
        try (RepositorySource main = source(null);
                RepositorySource byName = source("staging");
                RepositorySource byRef = source("refs/heads/staging");
                RepositorySnapshot m = main.open();
                RepositorySnapshot n = byName.open();
                RepositorySnapshot r = byRef.open()) {
            assertEquals(first.name(), m.commit(), "no branch given: HEAD's branch, main");
            assertEquals(staging.name(), n.commit());
            assertEquals(staging.name(), r.commit());
            assertTrue(n.tenantTrees().containsKey("epsilon"));
            assertTrue(m.tenant("epsilon").isEmpty());
        }
    }

    @Test
    void missingBranchNamesTheBranchesThereAre() throws Exception {
        git.branchCreate().setName("staging").call();
        try (RepositorySource source = source("prod")) {
            RepositoryUnavailableException e = assertThrows(RepositoryUnavailableException.class, source::open);
            assertEquals("branch 'prod' not found in " + top + " (branches: main, staging)", e.getMessage());
        }
    }

    @Test
    void emptyRepositoryIsAnError() throws Exception {
        Path empty = tmp.resolve("empty");
        TestRepos.init(empty).close();
        try (RepositorySource source = new RepositorySource(empty.toString(), null, tmp)) {
            RepositoryUnavailableException e = assertThrows(RepositoryUnavailableException.class, source::open);
            assertEquals(empty + " is an empty git repository (no commits)", e.getMessage());
        }
        try (RepositorySource source = new RepositorySource(empty.toString(), "main", tmp)) {
            RepositoryUnavailableException e = assertThrows(RepositoryUnavailableException.class, source::open);
            assertEquals(empty + " is an empty git repository (no commits)", e.getMessage());
        }
    }

    @Test
    void headOnABranchWithoutCommitsIsAnError() throws Exception {
        git.checkout().setOrphan(true).setName("fresh").call();
        try (RepositorySource source = source(null)) {
            RepositoryUnavailableException e = assertThrows(RepositoryUnavailableException.class, source::open);
            assertEquals("HEAD of " + top + " names branch 'fresh', which has no commits; configure a branch (branches: main)",
                    e.getMessage());
        }
    }

    @Test
    void commitWithoutTenantsFolderHasNoTenants() throws Exception {
        git.rm().addFilepattern("tenants").call();
        write(top, "README.md", "tenants moved out");
        RevCommit none = commitAll(git, "no tenants");
        try (RepositorySource source = source(null); RepositorySnapshot s = source.open()) {
            assertEquals(none.name(), s.commit());
            assertTrue(s.tenantTrees().isEmpty());
            assertTrue(s.tenant("acme").isEmpty());
        }
    }

    @Test
    void plainFilesUnderTenantsAreNoTenants() throws Exception {
        write(top, "tenants/NOTES.txt", "not a tenant");
        commitAll(git, "notes");
        try (RepositorySource source = source(null); RepositorySnapshot s = source.open()) {
            assertEquals(Set.of("acme", "beta", "gamma"), s.tenantTrees().keySet());
            assertTrue(s.tenant("NOTES.txt").isEmpty());
            assertTrue(s.tenant("..").isEmpty());
            assertTrue(s.tenant("acme/..").isEmpty());
        }
    }

    @Test
    void snapshotStaysReadableAfterItsSourceClosesAndRefusesReadsOnceClosed() throws Exception {
        RepositorySnapshot s;
        try (RepositorySource source = source(null)) {
            s = source.open();
        }
        assertEquals(Set.of("acme", "beta", "gamma"), s.tenantTrees().keySet());
        assertEquals(14, s.tenant("acme").orElseThrow().read("metadata.json", 100).length);
        s.close();
        assertThrows(java.io.IOException.class, s::tenantTrees);
    }

    @Test
    void severalThreadsReadOneSnapshot() throws Exception {
        for (int i = 0; i < 40; i++) {
            write(top, "tenants/t" + i + "/metadata.json", "{\"id\":\"t" + i + "\"}");
        }
        commitAll(git, "forty more");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (RepositorySource source = source(null); RepositorySnapshot s = source.open()) {
            List<Future<String>> reads = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                for (String name : s.tenantTrees().keySet()) {
                    reads.add(pool.submit(() -> new String(
                            s.tenant(name).orElseThrow().read("metadata.json", 100), StandardCharsets.UTF_8)));
                }
            }
            for (Future<String> f : reads) {
                assertTrue(f.get(30, TimeUnit.SECONDS).startsWith("{\"id\":"));
            }
            assertEquals(5 * 43, reads.size());
        } finally {
            pool.shutdownNow();
        }
    }
}
