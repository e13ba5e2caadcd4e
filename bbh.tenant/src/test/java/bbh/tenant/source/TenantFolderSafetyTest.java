package bbh.tenant.source;

import static bbh.tenant.source.TestRepos.commitAll;
import static bbh.tenant.source.TestRepos.symlink;
import static bbh.tenant.source.TestRepos.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading a tenant's files safely, from git's object database and from a plain folder: size
 * limits, symlinks, missing files, submodules, and symlinks that leave the repository.
 */
class TenantFolderSafetyTest {

    /** Not UTF-8 at all: the source passes bytes through, decoding is the validator's business. */
    private static final byte[] NOT_UTF8 = {(byte) 0xff, (byte) 0xfe, 0, (byte) 0x80, 'x'};

    @TempDir
    Path tmp;

    private Path top;

    @BeforeEach
    void tenants() throws Exception {
        top = tmp.resolve("repo");
        write(top, "tenants/acme/metadata.json", "{\"id\":\"acme\"}");
        write(top, "tenants/acme/big.bin", new byte[1 << 20]);
        write(top, "tenants/acme/latin1.txt", NOT_UTF8);
        write(top, "tenants/acme/sub/file.txt", "sub");
        write(top, "tenants/beta/metadata.json", "{\"id\":\"beta\"}");
        symlink(top, "tenants/acme/passwd", "/etc/passwd");
        symlink(top, "tenants/acme/escape", "../../../x");
        symlink(top, "tenants/acme/sub/deep-escape", "../../../../etc/shadow");
        symlink(top, "tenants/acme/sibling", "../beta/metadata.json");
        symlink(top, "tenants/acme/sub/sibling", "../../beta/metadata.json");
        symlink(top, "tenants/acme/top-readme", "../../README.md");
        write(top, "README.md", "top");
    }

    private TenantFolder gitAcme(Path stateDir) throws Exception {
        try (Git git = TestRepos.init(top)) {
            commitAll(git, "files and links");
            TestRepos.addGitlink(git, "tenants/acme/vendor/lib", ObjectId.fromString("0123456789abcdef0123456789abcdef01234567"));
            commitAll(git, "a submodule");
        }
        RepositorySource source = new RepositorySource(top.toString(), null, stateDir);
        RepositorySnapshot s = source.open();
        source.close(); // the snapshot keeps the repository open on its own
        return s.tenant("acme").orElseThrow();
    }

    private TenantFolder folderAcme() throws Exception {
        RepositorySource source = new RepositorySource(top.toString(), null, tmp.resolve("state"));
        return source.open().tenant("acme").orElseThrow();
    }

    private static String reason(TenantFolder f, String file, long max) {
        UnsafeFileException e = assertThrows(UnsafeFileException.class, () -> f.read(file, max));
        assertEquals("tenants/acme/" + file, e.path());
        return e.reason();
    }

    @Test
    void gitReadRefusesWhatItMust() throws Exception {
        TenantFolder acme = gitAcme(tmp.resolve("state"));
        assertEquals("file is 1048576 bytes, at most 1000 expected", reason(acme, "big.bin", 1000));
        assertEquals("a regular file was expected, found a symlink", reason(acme, "sibling", 1000));
        assertEquals("a regular file was expected, found a symlink", reason(acme, "passwd", 1000));
        assertEquals("file is missing", reason(acme, "nothing.json", 1000));
        assertEquals("file is missing", reason(acme, "sibling/metadata.json", 1000), "no path through a symlink");
        assertEquals("a regular file was expected", reason(acme, "sub", 1000));
        assertEquals("a regular file was expected, found a submodule", reason(acme, "vendor/lib", 1000));
        assertEquals("a path inside the tenant's folder was expected", reason(acme, "../beta/metadata.json", 1000));
        assertEquals("a path inside the tenant's folder was expected", reason(acme, "/etc/passwd", 1000));
        assertEquals("a path inside the tenant's folder was expected", reason(acme, "sub//file.txt", 1000));
    }

    @Test
    void gitReadPassesBytesThrough() throws Exception {
        TenantFolder acme = gitAcme(tmp.resolve("state"));
        assertArrayEquals(NOT_UTF8, acme.read("latin1.txt", NOT_UTF8.length), "exactly at the limit is allowed");
        assertArrayEquals("sub".getBytes(), acme.read("sub/file.txt", 10));
        assertEquals(1 << 20, acme.read("big.bin", 1 << 20).length);
    }

    @Test
    void gitUnsafeEntriesAreLinksLeavingTheRepositoryAndSubmodules() throws Exception {
        TenantFolder acme = gitAcme(tmp.resolve("state"));
        List<String> found = acme.unsafeEntries().stream().map(UnsafeFileException::getMessage).collect(Collectors.toList());
        assertEquals(List.of(
                "tenants/acme/escape: symlink to '../../../x' leaves the repository; a target inside it was expected",
                "tenants/acme/passwd: symlink to '/etc/passwd' leaves the repository; a target inside it was expected",
                "tenants/acme/sub/deep-escape: symlink to '../../../../etc/shadow' leaves the repository; a target inside it was expected",
                "tenants/acme/vendor/lib: submodules are not supported"), found);
    }

    @Test
    void folderReadRefusesTheSameAndPassesBytesThrough() throws Exception {
        TenantFolder acme = folderAcme();
        assertEquals("file is 1048576 bytes, at most 1000 expected", reason(acme, "big.bin", 1000));
        assertEquals("a regular file was expected, found a symlink", reason(acme, "sibling", 1000));
        assertEquals("file is missing", reason(acme, "nothing.json", 1000));
        assertArrayEquals(NOT_UTF8, acme.read("latin1.txt", 100));
    }

    @Test
    void folderReadDoesNotFollowASymlinkedFolderOutOfTheTenant() throws Exception {
        symlink(top, "tenants/acme/etc", "/etc");
        assertEquals("a path inside the tenant's folder was expected; a symlinked folder leads elsewhere",
                reason(folderAcme(), "etc/passwd", 1 << 20));
    }

    @Test
    void folderUnsafeEntriesAreLinksLeavingTheRepository() throws Exception {
        TenantFolder acme = folderAcme();
        List<String> found = acme.unsafeEntries().stream().map(UnsafeFileException::path).sorted().collect(Collectors.toList());
        assertEquals(List.of("tenants/acme/escape", "tenants/acme/passwd", "tenants/acme/sub/deep-escape"), found);
    }

    @Test
    void symlinkRuleIsLexical() {
        assertEquals(false, SymlinkTargets.leavesRepository("tenants/a/l", "../b/x"));
        assertEquals(false, SymlinkTargets.leavesRepository("tenants/a/l", "../../README.md"));
        assertEquals(true, SymlinkTargets.leavesRepository("tenants/a/l", "../../../x"));
        assertEquals(false, SymlinkTargets.leavesRepository("tenants/a/l", "./x/./../y"));
        assertEquals(true, SymlinkTargets.leavesRepository("tenants/a/l", "x/../../../../y"));
        assertEquals(false, SymlinkTargets.leavesRepository("tenants/a/l", "x/../../../y"), "climbs to the top, not above it");
        assertEquals(true, SymlinkTargets.leavesRepository("tenants/a/l", "/abs"));
        assertEquals(false, SymlinkTargets.leavesRepository("tenants/a/l", "..//b//x"));
    }
}
