package bbh.tenant.source;

import static bbh.tenant.source.TestRepos.commitAll;
import static bbh.tenant.source.TestRepos.symlink;
import static bbh.tenant.source.TestRepos.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Listing a subfolder of a tenant's folder, from git's object database and from a plain folder: the
 * same names in the same order, folders marked with {@code /}, symlinks and submodules listed (so a
 * caller can say why they are not read), nothing outside the tenant's folder.
 */
class TenantFolderListTest {

    @TempDir
    Path tmp;

    private Path top;

    @BeforeEach
    void tenants() throws Exception {
        top = tmp.resolve("repo");
        write(top, "tenants/acme/metadata.json", "{}");
        write(top, "tenants/acme/systemd/hello.timer", "[Timer]\n");
        write(top, "tenants/acme/systemd/hello.service", "[Service]\n");
        // '-' sorts before '.', and git orders a folder as if its name ended in '/'.
        write(top, "tenants/acme/systemd/hello.service.d/10-a.conf", "[Service]\n");
        write(top, "tenants/acme/systemd/hello-x.service", "[Service]\n");
        write(top, "tenants/acme/systemd/a.wants/x", "x");
        symlink(top, "tenants/acme/systemd/link.service", "hello.service");
        symlink(top, "tenants/acme/linked", "systemd");
        write(top, "tenants/acme/plain", "not a folder");
        write(top, "tenants/beta/metadata.json", "{}");
    }

    private static final List<String> SYSTEMD = List.of("a.wants/", "hello-x.service", "hello.service", "hello.service.d/",
            "hello.timer", "link.service");

    @Test
    void aGitFolderListsNamesModesAndSubfoldersWithoutReadingFiles() throws Exception {
        try (Git git = TestRepos.init(top)) {
            commitAll(git, "units");
            TestRepos.addGitlink(git, "tenants/acme/systemd/vendored", ObjectId.fromString("0123456789abcdef0123456789abcdef01234567"));
            commitAll(git, "a submodule");
        }
        RepositorySource source = new RepositorySource(top.toString(), null, tmp.resolve("state"));
        TenantFolder acme = source.open().tenant("acme").orElseThrow();
        source.close();

        List<String> expected = new java.util.ArrayList<>(SYSTEMD);
        expected.add("vendored");
        assertEquals(expected, acme.list("systemd"));
        assertEquals(List.of("10-a.conf"), acme.list("systemd/hello.service.d"));
        assertRefusals(acme);
    }

    @Test
    void aPlainFolderListsTheSame() throws Exception {
        TenantFolder acme = new DirectoryTenantFolder(top, "acme");
        assertEquals(SYSTEMD, acme.list("systemd"));
        assertEquals(List.of("10-a.conf"), acme.list("systemd/hello.service.d"));
        assertRefusals(acme);
    }

    private static void assertRefusals(TenantFolder acme) throws Exception {
        assertEquals(List.of(), acme.list("nothing-here"));
        assertEquals(List.of(), acme.list("systemd/nothing.d"));
        assertEquals("a folder was expected, found a symlink", reason(acme, "linked"));
        assertEquals("a folder was expected", reason(acme, "plain"));
        assertEquals("a folder was expected", reason(acme, "systemd/hello.service"));
        UnsafeFileException up = assertThrows(UnsafeFileException.class, () -> acme.list("../beta"));
        assertEquals("a folder inside the tenant's folder was expected", up.reason());
        assertEquals("tenants/acme/../beta", up.path());
    }

    private static String reason(TenantFolder f, String folder) {
        UnsafeFileException e = assertThrows(UnsafeFileException.class, () -> f.list(folder));
        assertEquals("tenants/acme/" + folder, e.path());
        return e.reason();
    }
}
