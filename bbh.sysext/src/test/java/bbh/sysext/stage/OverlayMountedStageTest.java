package bbh.sysext.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bbh.api.source.RepositoryContent;
import bbh.api.stage.HostLayout;
import bbh.api.stage.StageException;
import bbh.api.stage.TenantWork;
import bbh.api.tenant.TenantSpec;
import bbh.sysext.place.ExtensionFolder;
import bbh.sysext.testing.GitTrees;
import bbh.sysext.tree.ExtensionTreeRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stage without a running systemd (as {@code bin/bbh render} runs it): images built from the
 * work's commit into the tenant's folders, switched on update, kept when a later commit is bad.
 */
class OverlayMountedStageTest {

    @TempDir
    Path tmp;

    private GitTrees repo;
    private HostLayout host;
    private OverlayMountedStage stage;

    @BeforeEach
    void init() throws Exception {
        repo = new GitTrees(tmp.resolve("repo"), tmp.resolve("state"));
        host = HostLayout.under(tmp.resolve("root"));
        RepositoryContent content = commit -> repo.source().filesAt(commit);
        stage = new OverlayMountedStage(content, null, ExtensionTreeRule.machineTarget(List.of(), ""));
    }

    @AfterEach
    void close() {
        repo.close();
    }

    private static TenantSpec acme(TenantSpec.Extension... extensions) {
        return new TenantSpec(1, "acme", "", true, "nspawn", null, null, null, List.of(extensions), List.of(),
                "tenants/acme/metadata.json");
    }

    private String commitTools(String version, String text) throws Exception {
        String t = "tenants/acme/extensions/tools";
        repo.write(t + "/usr/lib/extension-release.d/extension-release.tools", "ID=_any\nSYSEXT_VERSION_ID=" + version + "\n")
                .write(t + "/usr/share/tools/version", text)
                .write("tenants/acme/extensions/conf/etc/extension-release.d/extension-release.conf", "ID=_any\n")
                .write("tenants/acme/extensions/conf/etc/tools.conf", "level=" + version + "\n");
        String c = repo.commit("tools " + version);
        repo.head();
        return c;
    }

    @Test
    void imagesGoIntoTheTenantsFoldersAndAnUpdateSwitchesThem() throws Exception {
        TenantSpec spec = acme(new TenantSpec.Extension("tools", "sysext"), new TenantSpec.Extension("conf", "confext"));
        String c1 = commitTools("1", "one\n");
        stage.apply(new TenantWork(spec, c1, 1, host));

        ExtensionFolder sys = new ExtensionFolder(host.tenantSysext("acme"));
        ExtensionFolder conf = new ExtensionFolder(host.tenantConfext("acme"));
        assertTrue(sys.current().get(0).versionedName().startsWith("tools_1_"));
        assertTrue(conf.current().get(0).versionedName().startsWith("conf_0_"));
        assertTrue(Files.isRegularFile(host.tenantSysext("acme").resolve("tools.raw")));
        assertEquals("staged and verified; no systemd reachable, the machine merges them when it boots",
                stage.notes().get("acme").merged());

        String c2 = commitTools("2", "two\n");
        stage.apply(new TenantWork(spec, c2, 2, host));
        assertTrue(sys.current().get(0).versionedName().startsWith("tools_2_"));
        assertEquals(List.of(), sys.verify(List.of("tools")));
    }

    @Test
    void aBadTreeFailsTheStageAndTheImagesInForceStay() throws Exception {
        TenantSpec spec = acme(new TenantSpec.Extension("tools", "sysext"));
        String c1 = commitTools("1", "one\n");
        stage.apply(new TenantWork(spec, c1, 1, host));
        String before = new ExtensionFolder(host.tenantSysext("acme")).current().get(0).versionedName();

        repo.symlink("tenants/acme/extensions/tools/usr/share/tools/passwd", "/etc/passwd");
        String c2 = repo.commit("an escaping symlink");
        repo.head();
        StageException e = assertThrows(StageException.class, () -> stage.apply(new TenantWork(spec, c2, 2, host)));

        assertTrue(e.getMessage().contains("symlink to '/etc/passwd' is absolute"), e.getMessage());
        assertTrue(e.getMessage().endsWith("the images in force stay"), e.getMessage());
        assertEquals(before, new ExtensionFolder(host.tenantSysext("acme")).current().get(0).versionedName());
    }

    @Test
    void aDroppedExtensionGoesAndARemovedTenantTakesItsFolders() throws Exception {
        String c1 = commitTools("1", "one\n");
        stage.apply(new TenantWork(acme(new TenantSpec.Extension("tools", "sysext")), c1, 1, host));
        stage.apply(new TenantWork(acme(), c1, 2, host));
        assertEquals(List.of(), new ExtensionFolder(host.tenantSysext("acme")).current());
        assertTrue(Files.isDirectory(host.tenantSysext("acme")), "the folder stays: a running machine binds it");

        stage.remove("acme", host);
        assertFalse(Files.exists(host.tenantState("acme").resolve("extensions")));
    }

    @Test
    void aCommitTheRepositoryDoesNotHaveFailsClearly() {
        StageException e = assertThrows(StageException.class, () -> stage.apply(new TenantWork(
                acme(new TenantSpec.Extension("tools", "sysext")), "0123456789012345678901234567890123456789", 1, host)));
        assertEquals("commit 0123456789012345678901234567890123456789 is not in the repository bbh follows; "
                + "cannot read the extension trees", e.getMessage());
    }
}
