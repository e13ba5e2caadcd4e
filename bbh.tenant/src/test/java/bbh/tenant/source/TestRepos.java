package bbh.tenant.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/** Real repositories and folders for the source's tests, made with JGit and java.nio. */
final class TestRepos {
    private TestRepos() {}

    private static final PersonIdent WHO = new PersonIdent("Test", "test@example.org", Instant.parse("2024-01-01T00:00:00Z"),
            java.time.ZoneOffset.UTC);

    /** A new repository with a working tree at {@code dir}, on branch main. */
    static Git init(Path dir) throws Exception {
        return Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
    }

    /** Writes {@code text} to {@code top/rel}, making folders as needed. */
    static Path write(Path top, String rel, String text) throws IOException {
        return write(top, rel, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code bytes} to {@code top/rel}, making folders as needed. */
    static Path write(Path top, String rel, byte[] bytes) throws IOException {
        Path p = top.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.write(p, bytes);
        return p;
    }

    /** Makes {@code top/rel} an executable file. */
    static Path writeExecutable(Path top, String rel, String text) throws IOException {
        Path p = write(top, rel, text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    /** Makes {@code top/rel} a symlink to {@code target}. */
    static Path symlink(Path top, String rel, String target) throws IOException {
        Path p = top.resolve(rel);
        Files.createDirectories(p.getParent());
        return Files.createSymbolicLink(p, Path.of(target));
    }

    /** Stages every change in the working tree (new, changed and deleted files) and commits it. */
    static RevCommit commitAll(Git git, String message) throws Exception {
        git.add().addFilepattern(".").call();
        git.add().addFilepattern(".").setUpdate(true).call();
        return git.commit().setMessage(message).setAuthor(WHO).setCommitter(WHO).setSign(false).call();
    }

    /** Adds a submodule entry (gitlink) at {@code path} to the index; the next commit records it. */
    static void addGitlink(Git git, String path, ObjectId commit) throws IOException {
        DirCache dc = git.getRepository().lockDirCache();
        DirCacheEditor ed = dc.editor();
        ed.add(new DirCacheEditor.PathEdit(path) {
            @Override
            public void apply(DirCacheEntry e) {
                e.setFileMode(FileMode.GITLINK);
                e.setObjectId(commit);
            }
        });
        ed.commit();
    }

    /** A bare clone of {@code source} at {@code dir}. */
    static Path bareClone(Path source, Path dir) throws Exception {
        Git.cloneRepository().setURI(source.toUri().toString()).setDirectory(dir.toFile()).setBare(true).call().close();
        return dir;
    }

    /** Sets every file's mtime under {@code top} to an hour ago: files that have not changed lately. */
    static void age(Path top) throws IOException {
        FileTime old = FileTime.from(Instant.now().minusSeconds(3600));
        try (Stream<Path> all = Files.walk(top)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.setLastModifiedTime(p, old);
                }
            }
        }
    }
}
