package bbh.tenant.source;

import static bbh.tenant.source.TestRepos.commitAll;
import static bbh.tenant.source.TestRepos.symlink;
import static bbh.tenant.source.TestRepos.write;
import static bbh.tenant.source.TestRepos.writeExecutable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bbh.api.source.FileEntry;
import bbh.api.source.FileEntry.Kind;
import bbh.api.source.RepositoryFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The repository's files at a commit, from git and from a plain folder, with real files. */
class RepositoryFilesTest {

    @TempDir
    Path tmp;

    private Path tree() throws IOException {
        Path top = tmp.resolve("repo");
        write(top, "tenants/acme/metadata.json", "{}\n");
        write(top, "tenants/acme/extensions/tools/usr/lib/extension-release.d/extension-release.tools", "ID=_any\n");
        writeExecutable(top, "tenants/acme/extensions/tools/usr/bin/hello", "#!/bin/sh\necho hi\n");
        symlink(top, "tenants/acme/extensions/tools/usr/bin/hi", "hello");
        write(top, "extensions/debug/usr/share/debug/readme", "operator-wide\n");
        return top;
    }

    @Test
    void gitWalkListsFoldersFilesAndSymlinksInPathOrderWithGitModes() throws Exception {
        Path top = tree();
        try (Git git = TestRepos.init(top)) {
            commitAll(git, "one");
        }
        try (RepositorySource source = new RepositorySource(top.toString(), null, tmp.resolve("state"));
                RepositorySnapshot s = source.open()) {
            RepositoryFiles files = s.files();
            List<FileEntry> walk = files.walk("tenants/acme/extensions/tools");
            String p = "tenants/acme/extensions/tools/";
            assertEquals(List.of(
                    new FileEntry(p + "usr", Kind.FOLDER, 0755, 0, null),
                    new FileEntry(p + "usr/bin", Kind.FOLDER, 0755, 0, null),
                    new FileEntry(p + "usr/bin/hello", Kind.FILE, 0755, 18, null),
                    new FileEntry(p + "usr/bin/hi", Kind.SYMLINK, 0777, 0, "hello"),
                    new FileEntry(p + "usr/lib", Kind.FOLDER, 0755, 0, null),
                    new FileEntry(p + "usr/lib/extension-release.d", Kind.FOLDER, 0755, 0, null),
                    new FileEntry(p + "usr/lib/extension-release.d/extension-release.tools", Kind.FILE, 0644, 8, null)),
                    walk);
            try (InputStream in = files.open(p + "usr/bin/hello")) {
                assertEquals("#!/bin/sh\necho hi\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            assertEquals(List.of(), files.walk("tenants/acme/extensions/none"));
            assertEquals(Optional.empty(), files.contentId("tenants/acme/extensions/none"));
            assertThrows(IOException.class, () -> files.walk("tenants/acme/metadata.json"));
            assertThrows(IOException.class, () -> files.open("tenants/acme/extensions/tools/usr/bin/hi"));
            assertThrows(IOException.class, () -> files.walk("tenants/../.."));
        }
    }

    @Test
    void gitContentIdIsTheTreeIdAndARevertBringsItBack() throws Exception {
        Path top = tree();
        RevCommit first;
        RevCommit second;
        RevCommit third;
        try (Git git = TestRepos.init(top)) {
            first = commitAll(git, "one");
            write(top, "tenants/acme/extensions/tools/usr/bin/hello", "changed\n");
            second = commitAll(git, "two");
            writeExecutable(top, "tenants/acme/extensions/tools/usr/bin/hello", "#!/bin/sh\necho hi\n");
            third = commitAll(git, "revert");
        }
        try (RepositorySource source = new RepositorySource(top.toString(), null, tmp.resolve("state"));
                RepositorySnapshot s = source.open()) {
            String folder = "tenants/acme/extensions/tools";
            String now = s.files().contentId(folder).orElseThrow();
            try (Git git = Git.open(top.toFile()); TreeWalk tw = TreeWalk.forPath(git.getRepository(), folder, first.getTree())) {
                assertEquals(tw.getObjectId(0).name(), now, "the git tree id");
            }
            // Older commits stay readable through the source, after the newer one was opened.
            assertEquals(now, source.filesAt(first.name()).orElseThrow().contentId(folder).orElseThrow());
            assertNotEquals(now, source.filesAt(second.name()).orElseThrow().contentId(folder).orElseThrow());
            assertEquals(third.name(), s.commit());
            assertEquals(Optional.empty(), source.filesAt("0123456789012345678901234567890123456789"));
        }
    }

    @Test
    void folderWalkShowsRealModesSetuidAndSpecialFilesNeverFollowingSymlinks() throws Exception {
        Path top = tree();
        Path hello = top.resolve("tenants/acme/extensions/tools/usr/bin/hello");
        Files.setAttribute(hello, "unix:mode", 04755);
        Path fifo = top.resolve("tenants/acme/extensions/tools/usr/bin/pipe");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        symlink(top, "tenants/acme/extensions/tools/usr/escape", "/etc");
        try (RepositorySource source = new RepositorySource(top.toString(), null, tmp.resolve("state"));
                RepositorySnapshot s = source.open()) {
            RepositoryFiles files = s.files();
            List<FileEntry> walk = files.walk("tenants/acme/extensions/tools/usr");
            FileEntry h = walk.stream().filter(e -> e.path().endsWith("/hello")).findFirst().orElseThrow();
            assertEquals(04755, h.mode());
            assertTrue(h.setId());
            assertEquals(Kind.SPECIAL, walk.stream().filter(e -> e.path().endsWith("/pipe")).findFirst().orElseThrow().kind());
            FileEntry escape = walk.stream().filter(e -> e.path().endsWith("/escape")).findFirst().orElseThrow();
            assertEquals(Kind.SYMLINK, escape.kind());
            assertEquals("/etc", escape.linkTarget());
            assertTrue(walk.stream().noneMatch(e -> e.path().contains("/escape/")), "a symlink is never followed");
            assertThrows(IOException.class, () -> files.walk("tenants/acme/extensions/tools/usr/escape"));
        }
    }

    @Test
    void folderContentIdSeesEveryModeBitAndFilesAtRefusesAChangedFolder() throws Exception {
        Path top = tree();
        try (RepositorySource source = new RepositorySource(top.toString(), null, tmp.resolve("state"))) {
            String commit;
            String before;
            try (RepositorySnapshot s = source.open()) {
                commit = s.commit();
                before = s.files().contentId("tenants/acme/extensions/tools").orElseThrow();
            }
            assertTrue(before.matches("sha256:[0-9a-f]{64}"), before);
            assertEquals(before, source.filesAt(commit).orElseThrow().contentId("tenants/acme/extensions/tools").orElseThrow());

            Files.setAttribute(top.resolve("tenants/acme/extensions/tools/usr/bin/hello"), "unix:mode", 04755);
            try (RepositorySnapshot s = source.open()) {
                assertNotEquals(before, s.files().contentId("tenants/acme/extensions/tools").orElseThrow(),
                        "git would not see a setuid bit; this id must");
            }
            // Only extensions/ at the top changes: the folder's commit changes too.
            write(top, "extensions/debug/usr/share/debug/readme", "changed\n");
            IOException e = assertThrows(IOException.class, () -> source.filesAt(commit));
            assertTrue(e.getMessage().contains("changed since " + commit), e.getMessage());
            try (RepositorySnapshot s = source.open()) {
                assertNotEquals(commit, s.commit());
            }
        }
    }
}
