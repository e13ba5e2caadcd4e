package bbh.sysext.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import bbh.api.source.RepositoryFiles;
import bbh.sysext.place.ExtensionFolder;
import bbh.sysext.testing.GitTrees;
import bbh.sysext.testing.SysextRoot;
import bbh.sysext.tree.ExtensionType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images built from a tree in a real git repository with the real mksquashfs, merged by the real
 * systemd-sysext into a scratch root in a private mount namespace.
 */
class ImageMergeTest {

    private static final String TREE = "tenants/acme/extensions/tools";
    private static final String RELEASE = TREE + "/usr/lib/extension-release.d/extension-release.tools";

    @TempDir
    Path tmp;

    private GitTrees repo;

    @BeforeEach
    void init() throws Exception {
        repo = new GitTrees(tmp.resolve("repo"), tmp.resolve("state"));
        repo.write(RELEASE, "ID=_any\nSYSEXT_VERSION_ID=1.0\n")
                .write(TREE + "/usr/share/bbh-test/hello.txt", "version one\n")
                .writeExecutable(TREE + "/usr/bin/bbh-tool", "#!/bin/sh\necho tool\n")
                .symlink(TREE + "/usr/bin/bbh-t", "bbh-tool");
        repo.commit("tools 1.0");
    }

    @AfterEach
    void close() {
        repo.close();
    }

    private ImageCache cache(String name) {
        return new ImageCache(tmp.resolve(name), new SquashfsBuilder("mksquashfs"));
    }

    @Test
    void theSameTreeGivesTheSameBytesAndIsBuiltOnce() throws Exception {
        RepositoryFiles files = repo.head();
        BuiltImage first = cache("cache-a").image(files, TREE, "tools", ExtensionType.SYSEXT);
        BuiltImage again = cache("cache-a").image(files, TREE, "tools", ExtensionType.SYSEXT);
        BuiltImage elsewhere = cache("cache-b").image(files, TREE, "tools", ExtensionType.SYSEXT);

        assertTrue(first.built());
        assertFalse(again.built(), "an unchanged tree is not built again");
        assertTrue(elsewhere.built());
        assertEquals(first.sha256(), elsewhere.sha256(), "two builds of one tree are byte-identical");
        assertEquals(first.sha256(), ImageCache.sha256(elsewhere.file()));
        assertEquals("1.0", first.version());
        assertTrue(first.versionedName().matches("tools_1\\.0_[0-9a-f]{12}\\.sysext"), first.versionedName());
    }

    @Test
    void aMergedImageShowsItsFilesAndUnmergeLeavesTheRootAsItWas() throws Exception {
        assumeTrue(SysextRoot.available(), "needs root, unshare and systemd-sysext");
        BuiltImage image = cache("cache").image(repo.head(), TREE, "tools", ExtensionType.SYSEXT);
        SysextRoot root = new SysextRoot(tmp.resolve("root"));
        new ExtensionFolder(root.root().resolve("var/lib/extensions")).apply(List.of(image)).confirm();
        List<String> before = root.listing();

        String out = root.whileMerged("cat \"$R/usr/share/bbh-test/hello.txt\"; test -x \"$R/usr/bin/bbh-tool\" && echo executable; "
                + "readlink \"$R/usr/bin/bbh-t\"; stat -c '%U %a' \"$R/usr/bin/bbh-tool\"");

        assertEquals("version one\nexecutable\nbbh-tool\nroot 755\n", out);
        assertEquals(before, root.listing(), "unmerge leaves the root as it was");
        assertFalse(Files.exists(root.root().resolve("usr/share/bbh-test")));
    }

    @Test
    void anUpdateSwitchesAtomicallyARollbackSwitchesBackAndARevertIsNotRebuilt() throws Exception {
        assumeTrue(SysextRoot.available(), "needs root, unshare and systemd-sysext");
        ImageCache cache = cache("cache");
        SysextRoot root = new SysextRoot(tmp.resolve("root"));
        ExtensionFolder folder = new ExtensionFolder(root.root().resolve("var/lib/extensions"));
        BuiltImage v1 = cache.image(repo.head(), TREE, "tools", ExtensionType.SYSEXT);
        folder.apply(List.of(v1)).confirm();

        repo.write(RELEASE, "ID=_any\nSYSEXT_VERSION_ID=2.0\n").write(TREE + "/usr/share/bbh-test/hello.txt", "version two\n");
        repo.commit("tools 2.0");
        BuiltImage v2 = cache.image(repo.head(), TREE, "tools", ExtensionType.SYSEXT);
        assertNotEquals(v1.contentId(), v2.contentId());
        ExtensionFolder.Switch update = folder.apply(List.of(v2));
        assertEquals(List.of("tools"), update.changed());
        assertEquals(List.of(), folder.verify(List.of("tools")));
        assertEquals("version two\n", root.whileMerged("cat \"$R/usr/share/bbh-test/hello.txt\""));
        assertTrue(Files.exists(folder.folder().resolve(v1.versionedName())), "the old version stays until confirmed");

        update.rollback();
        assertEquals("version one\n", root.whileMerged("cat \"$R/usr/share/bbh-test/hello.txt\""), "rollback is the switch back");

        folder.apply(List.of(v2)).confirm();
        assertEquals(v2.versionedName(), folder.current().get(0).versionedName());

        // A revert in git brings back the tree of 1.0: same content id, the cached image, no build.
        repo.write(RELEASE, "ID=_any\nSYSEXT_VERSION_ID=1.0\n").write(TREE + "/usr/share/bbh-test/hello.txt", "version one\n");
        repo.commit("Revert \"tools 2.0\"");
        BuiltImage reverted = cache.image(repo.head(), TREE, "tools", ExtensionType.SYSEXT);
        assertFalse(reverted.built(), "a revert is not rebuilt");
        assertEquals(v1.sha256(), reverted.sha256());
        folder.apply(List.of(reverted)).confirm();
        assertEquals("version one\n", root.whileMerged("cat \"$R/usr/share/bbh-test/hello.txt\""));
        assertEquals(List.of(v1.versionedName(), v2.versionedName()),
                Files.readAllLines(folder.folder().resolve(ExtensionFolder.MANIFEST)).stream().map(l -> l.substring(66)).toList(),
                "the manifest lists the version in force and the one before");
    }

    @Test
    void anOperatorsOwnImageInTheFolderIsLeftAlone() throws Exception {
        SysextRoot root = new SysextRoot(tmp.resolve("root"));
        Path own = root.root().resolve("var/lib/extensions/operator.raw");
        Files.writeString(own, "not bbh's");
        ExtensionFolder folder = new ExtensionFolder(root.root().resolve("var/lib/extensions"));
        BuiltImage v1 = cache("cache").image(repo.head(), TREE, "tools", ExtensionType.SYSEXT);
        folder.apply(List.of(v1)).confirm();
        ExtensionFolder.Switch none = folder.apply(List.of());
        assertEquals(List.of("tools"), none.changed());
        none.confirm();
        assertTrue(Files.exists(own));
        assertFalse(Files.exists(folder.folder().resolve("tools.raw")));
    }
}
