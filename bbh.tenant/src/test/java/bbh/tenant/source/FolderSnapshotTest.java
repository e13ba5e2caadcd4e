package bbh.tenant.source;

import static bbh.tenant.source.TestRepos.age;
import static bbh.tenant.source.TestRepos.commitAll;
import static bbh.tenant.source.TestRepos.symlink;
import static bbh.tenant.source.TestRepos.write;
import static bbh.tenant.source.TestRepos.writeExecutable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plain folders: tree ids equal to git's, the blob id cache, and the folder's errors. */
class FolderSnapshotTest {

    private static final String EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

    @TempDir
    Path tmp;

    /** Files whose order, modes and kinds exercise every rule of git's tree format. */
    private Path sampleFolder() throws Exception {
        Path top = tmp.resolve("repo");
        write(top, "tenants/acme/metadata.json", "{\"id\":\"acme\"}\n");
        writeExecutable(top, "tenants/acme/bin/start.sh", "#!/bin/sh\necho hi\n");
        symlink(top, "tenants/acme/current.json", "metadata.json");
        // Sorting: "foo" as a folder compares as "foo/", after "foo-x" and "foo.bar".
        write(top, "tenants/acme/foo/inner.txt", "inner\n");
        write(top, "tenants/acme/foo.bar", "dot\n");
        write(top, "tenants/acme/foo-x", "dash\n");
        write(top, "tenants/beta/deep/er/still/file.txt", "deep\n");
        write(top, "tenants/beta/metadata.json", "{\"id\":\"beta\"}\n");
        write(top, "tenants/README.md", "not a tenant\n");
        write(top, "other/ignored.txt", "outside tenants/\n");
        return top;
    }

    @Test
    void folderAndItsCommitHaveTheSameIds() throws Exception {
        Path top = sampleFolder();
        String folderCommit;
        SortedMap<String, String> folderTrees;
        try (RepositorySource source = new RepositorySource(top.toString(), null, tmp.resolve("state"));
                RepositorySnapshot s = source.open()) {
            folderCommit = s.commit();
            folderTrees = s.tenantTrees();
        }
        assertTrue(folderCommit.matches("worktree:[0-9a-f]{40}"), folderCommit);
        assertEquals(List.of("acme", "beta"), List.copyOf(folderTrees.keySet()), "README.md is no tenant");

        try (Git git = TestRepos.init(top)) {
            commitAll(git, "the same files, committed");
        }
        try (RepositorySource source = new RepositorySource(top.toString(), null, tmp.resolve("state"));
                RepositorySnapshot s = source.open()) {
            assertEquals(folderTrees, s.tenantTrees());
            GitSnapshot g = (GitSnapshot) s;
            // The commit's tree also holds other/: the folder's id is that of tenants/ alone (no
            // extensions/ here), as a tree of its own.
            org.eclipse.jgit.lib.TreeFormatter onlyTenants = new org.eclipse.jgit.lib.TreeFormatter();
            onlyTenants.append("tenants", org.eclipse.jgit.lib.FileMode.TREE, g.tenantsTree().orElseThrow());
            assertEquals(folderCommit, "worktree:" + onlyTenants.computeId(new org.eclipse.jgit.lib.ObjectInserter.Formatter()).name());
        }
    }

    @Test
    void emptyFoldersAreLeftOutAsGitDoes() throws Exception {
        Path top = tmp.resolve("repo");
        Files.createDirectories(top.resolve("tenants/ghost/empty/emptier"));
        write(top, "tenants/real/metadata.json", "{}");
        Files.createDirectories(top.resolve("tenants/real/nothing-here"));
        Path bare = tmp.resolve("repo2");
        write(bare, "tenants/real/metadata.json", "{}");
        try (RepositorySource a = new RepositorySource(top.toString(), null, tmp);
                RepositorySource b = new RepositorySource(bare.toString(), null, tmp);
                RepositorySnapshot sa = a.open();
                RepositorySnapshot sb = b.open()) {
            assertEquals(List.of("real"), List.copyOf(sa.tenantTrees().keySet()));
            assertEquals(sb.tenantTrees(), sa.tenantTrees());
            assertEquals(sb.commit(), sa.commit());
        }
    }

    @Test
    void emptyTenantsFolderIsTheEmptyTree() throws Exception {
        Path top = tmp.resolve("repo");
        Files.createDirectories(top.resolve("tenants"));
        try (RepositorySource source = new RepositorySource(top.toString(), null, tmp);
                RepositorySnapshot s = source.open()) {
            assertEquals("worktree:" + EMPTY_TREE, s.commit());
            assertTrue(s.tenantTrees().isEmpty());
            assertTrue(s.tenant("anything").isEmpty());
        }
    }

    @Test
    void onlyTheChangedTenantChangesAndUnchangedFilesAreNotReadAgain() throws Exception {
        Path top = sampleFolder();
        age(top);
        try (RepositorySource source = new RepositorySource(top.toString(), null, tmp)) {
            Map<String, String> first;
            String firstCommit;
            try (RepositorySnapshot s = source.open()) {
                first = s.tenantTrees();
                firstCommit = s.commit();
            }
            long hashed = source.folderBlobsHashed();
            assertEquals(8, hashed, "every regular file read once (symlinks are not files)");

            try (RepositorySnapshot s = source.open()) {
                assertEquals(first, s.tenantTrees());
                assertEquals(firstCommit, s.commit());
            }
            assertEquals(hashed, source.folderBlobsHashed(), "an unchanged folder is re-scanned from attributes alone");

            write(top, "tenants/beta/metadata.json", "{\"id\":\"beta\",\"enabled\":false}\n");
            try (RepositorySnapshot s = source.open()) {
                assertEquals(first.get("acme"), s.tenantTrees().get("acme"));
                assertNotEquals(first.get("beta"), s.tenantTrees().get("beta"));
                assertNotEquals(firstCommit, s.commit());
            }
            assertEquals(hashed + 1, source.folderBlobsHashed(), "only the changed file is read");
        }
    }

    @Test
    void aFileRewrittenWithinTheSameTimestampIsStillSeen() throws Exception {
        // git's "racy clean" case: same size, same mtime, new content, right after the scan.
        Path top = tmp.resolve("repo");
        Path f = write(top, "tenants/acme/metadata.json", "{\"v\":1}");
        FileTime mtime = Files.getLastModifiedTime(f);
        try (RepositorySource source = new RepositorySource(top.toString(), null, tmp)) {
            String before;
            try (RepositorySnapshot s = source.open()) {
                before = s.tenantTrees().get("acme");
            }
            Files.writeString(f, "{\"v\":2}");
            Files.setLastModifiedTime(f, mtime);
            try (RepositorySnapshot s = source.open()) {
                assertNotEquals(before, s.tenantTrees().get("acme"));
            }
        }
    }

    @Test
    void folderWithoutTenantsIsAnError() throws Exception {
        Path top = tmp.resolve("repo");
        write(top, "README.md", "no tenants here");
        try (RepositorySource source = new RepositorySource(top.toString(), null, tmp)) {
            RepositoryUnavailableException e = assertThrows(RepositoryUnavailableException.class, source::open);
            assertEquals(top + " is neither a git repository nor a folder with a tenants/ folder", e.getMessage());
        }
    }

    @Test
    void tenantsAsAFileIsAnError() throws Exception {
        Path top = tmp.resolve("repo");
        write(top, "tenants", "a file");
        try (RepositorySource source = new RepositorySource(top.toString(), null, tmp)) {
            assertThrows(RepositoryUnavailableException.class, source::open);
        }
    }

    @Test
    void missingLocationIsAnError() {
        Path top = tmp.resolve("nowhere");
        try (RepositorySource source = new RepositorySource(top.toString(), null, tmp)) {
            RepositoryUnavailableException e = assertThrows(RepositoryUnavailableException.class, source::open);
            assertEquals(top + " does not exist", e.getMessage());
        }
    }

    @Test
    void folderSnapshotReadsThroughTheDirectoryTenantFolder() throws Exception {
        Path top = sampleFolder();
        try (RepositorySource source = new RepositorySource(top.toString(), null, tmp);
                RepositorySnapshot s = source.open()) {
            TenantFolder acme = s.tenant("acme").orElseThrow();
            assertEquals("tenants/acme", acme.path());
            assertEquals("{\"id\":\"acme\"}\n", new String(acme.read("metadata.json", 100)));
            assertTrue(s.tenant("README.md").isEmpty(), "a file is no tenant");
            assertTrue(s.tenant("..").isEmpty());
            assertTrue(s.tenant("nope").isEmpty());
        }
    }
}
