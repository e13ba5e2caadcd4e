package bbh.tenant.source;

import static bbh.tenant.source.TestRepos.commitAll;
import static bbh.tenant.source.TestRepos.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.SystemReader;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Remote locations: cloned bare into the state folder, fetched on every open. */
class RemoteSourceTest {

    @TempDir
    Path tmp;

    private Path upstream;
    private Git git;
    private RevCommit first;
    private Path state;
    private String url;

    @BeforeEach
    void upstreamRepository() throws Exception {
        upstream = tmp.resolve("upstream");
        git = TestRepos.init(upstream);
        write(upstream, "tenants/acme/metadata.json", "{\"id\":\"acme\"}");
        first = commitAll(git, "acme");
        state = tmp.resolve("state");
        url = upstream.toUri().toString(); // file:///.../upstream/
    }

    private String url() {
        return url;
    }

    @Test
    void clonesOnFirstOpenAndFetchesLaterCommits() throws Exception {
        try (RepositorySource source = new RepositorySource(url(), null, state)) {
            try (RepositorySnapshot s = source.open()) {
                assertEquals(first.name(), s.commit());
                assertEquals(Set.of("acme"), s.tenantTrees().keySet());
            }
            Path clone = source.cloneDir();
            assertTrue(clone.startsWith(state.resolve("clone")) && clone.getFileName().toString().endsWith(".git"), clone.toString());
            assertTrue(Files.isDirectory(clone.resolve("objects")), "a bare clone");
            assertFalse(Files.exists(clone.resolve("tenants")), "no working files");

            write(upstream, "tenants/beta/metadata.json", "{\"id\":\"beta\"}");
            RevCommit second = commitAll(git, "beta");
            try (RepositorySnapshot s = source.open()) {
                assertEquals(second.name(), s.commit());
                assertEquals(Set.of("acme", "beta"), s.tenantTrees().keySet());
                assertEquals("{\"id\":\"beta\"}", new String(s.tenant("beta").orElseThrow().read("metadata.json", 100)));
            }
        }
        // A new source (a restart) finds the clone and fetches into it.
        try (RepositorySource again = new RepositorySource(url(), null, state); RepositorySnapshot s = again.open()) {
            assertEquals(Set.of("acme", "beta"), s.tenantTrees().keySet());
        }
    }

    @Test
    void followsTheRemotesHeadBranch() throws Exception {
        // HEAD on "trunk"; "aaa" sorts first and holds another commit: HEAD must win, not the first branch.
        git.checkout().setCreateBranch(true).setName("aaa").call();
        write(upstream, "tenants/only-on-aaa/metadata.json", "{}");
        RevCommit aaa = commitAll(git, "aaa");
        git.checkout().setName("main").call();
        git.checkout().setCreateBranch(true).setName("trunk").call();
        write(upstream, "tenants/trunk/metadata.json", "{}");
        RevCommit trunk = commitAll(git, "trunk");
        try (RepositorySource source = new RepositorySource(url(), null, state);
                RepositorySource byName = new RepositorySource(url(), "aaa", state);
                RepositorySnapshot s = source.open();
                RepositorySnapshot n = byName.open()) {
            assertEquals(trunk.name(), s.commit());
            assertEquals(aaa.name(), n.commit());
        }
    }

    @Test
    void missingRemoteBranchNamesTheBranchesThereAre() throws Exception {
        git.branchCreate().setName("staging").call();
        try (RepositorySource source = new RepositorySource(url(), "prod", state)) {
            RepositoryUnavailableException e = assertThrows(RepositoryUnavailableException.class, source::open);
            assertEquals("branch 'prod' not found in " + url() + " (branches: main, staging)", e.getMessage());
        }
    }

    @Test
    void branchDeletedUpstreamIsGoneAfterTheNextFetch() throws Exception {
        git.branchCreate().setName("staging").call();
        try (RepositorySource source = new RepositorySource(url(), "staging", state)) {
            source.open().close();
            git.branchDelete().setBranchNames("staging").setForce(true).call();
            RepositoryUnavailableException e = assertThrows(RepositoryUnavailableException.class, source::open);
            assertTrue(e.getMessage().startsWith("branch 'staging' not found in "), e.getMessage());
        }
    }

    @Test
    void emptyRemoteRepositoryIsAnError() throws Exception {
        Path empty = tmp.resolve("empty");
        TestRepos.init(empty).close();
        String url = empty.toUri().toString();
        try (RepositorySource source = new RepositorySource(url, null, state)) {
            RepositoryUnavailableException e = assertThrows(RepositoryUnavailableException.class, source::open);
            assertEquals(url + " is an empty git repository (no commits)", e.getMessage());
        }
    }

    @Test
    void missingFileUrlIsAnError() {
        try (RepositorySource source = new RepositorySource("file:///nonexistent", null, state)) {
            RepositoryUnavailableException e = assertThrows(RepositoryUnavailableException.class, source::open);
            assertTrue(e.getMessage().startsWith("cannot fetch file:///nonexistent: "), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        }
    }

    @Test
    void refusedConnectionIsAnErrorAndDoesNotHang() {
        String url = "https://127.0.0.1:1/x.git";
        try (RepositorySource source = new RepositorySource(url, null, state)) {
            RepositoryUnavailableException e = assertTimeoutPreemptively(Duration.ofSeconds(RemoteClone.TIMEOUT_SECONDS + 10),
                    () -> assertThrows(RepositoryUnavailableException.class, source::open));
            assertTrue(e.getMessage().startsWith("cannot fetch " + url + ": "), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        }
    }

    @Test
    void passwordInTheUrlIsNotShown() {
        try (RepositorySource source = new RepositorySource("https://bbh:s3cret@127.0.0.1:1/x.git", null, state)) {
            RepositoryUnavailableException e = assertThrows(RepositoryUnavailableException.class, source::open);
            assertTrue(e.getMessage().startsWith("cannot fetch https://bbh:***@127.0.0.1:1/x.git: "), e.getMessage());
            assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
        }
    }

    @Test
    void failedFetchKeepsThePreviousClone() throws Exception {
        try (RepositorySource source = new RepositorySource(url(), null, state)) {
            source.open().close();
            Path moved = tmp.resolve("moved-away");
            git.close();
            Files.move(upstream, moved);

            RepositoryUnavailableException e = assertThrows(RepositoryUnavailableException.class, source::open);
            assertTrue(e.getMessage().startsWith("cannot fetch " + url() + ": "), e.getMessage());
            try (Repository clone = new FileRepositoryBuilder().setGitDir(source.cloneDir().toFile()).setMustExist(true).build()) {
                assertNotNull(clone.exactRef(RemoteClone.NAMESPACE + "main"), "the clone still has its branch");
                assertEquals(first, clone.exactRef(RemoteClone.NAMESPACE + "main").getObjectId());
            }

            Files.move(moved, upstream);
            git = Git.open(upstream.toFile());
            write(upstream, "tenants/beta/metadata.json", "{}");
            RevCommit back = commitAll(git, "upstream is back");
            try (RepositorySnapshot s = source.open()) {
                assertEquals(back.name(), s.commit());
            }
        }
    }

    @Test
    void sshWithoutAnSshClientSaysWhatToDo() {
        Assumptions.assumeTrue(SystemReader.getInstance().getenv("GIT_SSH") == null, "GIT_SSH is set here");
        String location = "nobody@invalid.invalid:tenants.git";
        try (RepositorySource source = new RepositorySource(location, null, state)) {
            RepositoryUnavailableException e = assertThrows(RepositoryUnavailableException.class, source::open);
            assertEquals("cannot fetch " + location + ": no ssh client available to JGit; set GIT_SSH to an ssh program such as /usr/bin/ssh",
                    e.getMessage());
        }
    }

    @Test
    void scpLikeLocationIsFetchedThroughGitSsh() throws Exception {
        Path uploadPack = Path.of("/usr/bin/git-upload-pack");
        Assumptions.assumeTrue(Files.isExecutable(uploadPack), "git-upload-pack is not installed");
        // Stands in for ssh: JGit runs "$GIT_SSH [-p port] user@host '<git-upload-pack command>'";
        // this runs the command locally instead of on the host. JGit sets GIT_DIR and
        // GIT_COMMON_DIR to the clone for the ssh program; real ssh does not pass them on.
        Path fakeSsh = write(tmp, "fake-ssh",
                "#!/bin/sh\nunset GIT_DIR GIT_COMMON_DIR\nfor last; do :; done\nexec sh -c \"$last\"\n");
        Files.setPosixFilePermissions(fakeSsh, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        SystemReader previous = SystemReader.getInstance();
        SystemReader.setInstance(new SystemReader.Delegate(previous) {
            @Override
            public String getenv(String name) {
                return "GIT_SSH".equals(name) ? fakeSsh.toString() : super.getenv(name);
            }
        });
        try (RepositorySource source = new RepositorySource("nobody@localhost:" + upstream, null, state);
                RepositorySnapshot s = source.open()) {
            assertEquals(first.name(), s.commit());
            assertEquals(Set.of("acme"), s.tenantTrees().keySet());
        } finally {
            SystemReader.setInstance(previous);
        }
    }

}
