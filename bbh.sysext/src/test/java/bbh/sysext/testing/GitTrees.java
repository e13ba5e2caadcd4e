package bbh.sysext.testing;

import bbh.api.source.RepositoryFiles;
import bbh.tenant.source.RepositorySnapshot;
import bbh.tenant.source.RepositorySource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * A real git repository for the tests, read through bbh.tenant's own {@link RepositorySource} as
 * the runtime reads it: commits of extension trees, and the files at any of them.
 */
public final class GitTrees implements AutoCloseable {

    private static final PersonIdent WHO = new PersonIdent("Test", "test@example.org", Instant.parse("2024-01-01T00:00:00Z"),
            ZoneOffset.UTC);

    private final Path top;
    private final Git git;
    private final RepositorySource source;

    public GitTrees(Path top, Path state) throws Exception {
        this.top = top;
        this.git = Git.init().setDirectory(top.toFile()).setInitialBranch("main").call();
        this.source = new RepositorySource(top.toString(), null, state);
    }

    /** Writes a file, making folders. */
    public GitTrees write(String rel, String text) throws IOException {
        Path p = top.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return this;
    }

    /** Writes an executable file. */
    public GitTrees writeExecutable(String rel, String text) throws IOException {
        write(rel, text);
        Files.setPosixFilePermissions(top.resolve(rel), PosixFilePermissions.fromString("rwxr-xr-x"));
        return this;
    }

    /** Makes a symlink. */
    public GitTrees symlink(String rel, String target) throws IOException {
        Path p = top.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.deleteIfExists(p);
        Files.createSymbolicLink(p, Path.of(target));
        return this;
    }

    /** Commits everything; returns the commit id. */
    public String commit(String message) throws Exception {
        git.add().addFilepattern(".").call();
        git.add().addFilepattern(".").setUpdate(true).call();
        return git.commit().setMessage(message).setAuthor(WHO).setCommitter(WHO).setSign(false).call().name();
    }

    /** Opens the newest commit (as a synchronisation does) and returns its files. */
    public RepositoryFiles head() throws Exception {
        try (RepositorySnapshot s = source.open()) {
            return source.filesAt(s.commit()).orElseThrow();
        }
    }

    /** The source, as the RepositoryContent service wraps it. */
    public RepositorySource source() {
        return source;
    }

    @Override
    public void close() {
        source.close();
        git.close();
    }
}
