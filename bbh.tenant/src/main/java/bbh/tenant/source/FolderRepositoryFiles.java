package bbh.tenant.source;

import bbh.api.source.FileEntry;
import bbh.api.source.RepositoryFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A plain folder's files, read as they are on disk (no git): entries are never followed through a
 * symlink, modes are the real POSIX ones including setuid, setgid and sticky, and what is neither
 * file, folder nor symlink (a device node, FIFO or socket) is listed as
 * {@link FileEntry.Kind#SPECIAL}, so a check can refuse it.
 *
 * <p>Content ids are {@code sha256:} followed by the SHA-256 of every entry's path, kind, full mode
 * and content (link target for a symlink), in path order: NOT git tree ids, because git records
 * neither setuid bits nor special files, and two folders that differ there must not share an id.
 * So the same tree committed to git and read as a plain folder has two different ids; a cache keyed
 * by them builds it once for each.
 *
 * <p>Files are read live: they answer for {@link #commit()} only while the folder is unchanged.
 * Thread-safe (holds nothing).
 */
final class FolderRepositoryFiles implements RepositoryFiles {

    /** Prefix of a plain folder's content ids. */
    static final String CONTENT_ID_PREFIX = "sha256:";

    private final Path top;
    private final String commit;

    FolderRepositoryFiles(Path top, String commit) {
        this.top = top.toAbsolutePath().normalize();
        this.commit = commit;
    }

    @Override
    public String commit() {
        return commit;
    }

    @Override
    public List<FileEntry> walk(String folder) throws IOException {
        String rel = RepositoryPaths.normalize(folder);
        Path start = resolveFolder(rel, true);
        if (start == null) {
            return List.of();
        }
        List<FileEntry> entries = new ArrayList<>();
        // Files.walk does not follow symlinks unless told to.
        try (Stream<Path> all = Files.walk(start)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (!p.equals(start)) {
                    entries.add(entry(p));
                }
            }
        }
        entries.sort(Comparator.comparing(FileEntry::path));
        return entries;
    }

    @Override
    public InputStream open(String file) throws IOException {
        String rel = RepositoryPaths.normalize(file);
        Path p = top.resolve(rel);
        PosixFileAttributes a;
        try {
            a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such file in " + top);
        }
        if (!a.isRegularFile()) {
            throw new IOException(file + ": not a regular file in " + top);
        }
        requireInside(p.getParent(), rel);
        return Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public Optional<String> contentId(String folder) throws IOException {
        String rel = RepositoryPaths.normalize(folder);
        Path start = resolveFolder(rel, false);
        if (start == null) {
            return Optional.empty();
        }
        MessageDigest all = sha256();
        String prefix = rel.isEmpty() ? "" : rel + "/";
        for (FileEntry e : walk(rel)) {
            all.update((e.path().substring(prefix.length()) + '\0' + e.kind() + '\0'
                    + Integer.toOctalString(e.mode()) + '\0').getBytes(StandardCharsets.UTF_8));
            switch (e.kind()) {
                case FILE -> all.update(fileDigest(top.resolve(e.path())));
                case SYMLINK -> all.update(e.linkTarget().getBytes(StandardCharsets.UTF_8));
                default -> { }
            }
            all.update((byte) '\n');
        }
        return Optional.of(CONTENT_ID_PREFIX + HexFormat.of().formatHex(all.digest()));
    }

    private FileEntry entry(Path p) throws IOException {
        PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        // "unix:mode" carries the setuid, setgid and sticky bits that PosixFilePermission leaves out.
        int mode = ((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & 07777;
        String path = top.relativize(p).toString();
        if (a.isSymbolicLink()) {
            return new FileEntry(path, FileEntry.Kind.SYMLINK, mode, 0, Files.readSymbolicLink(p).toString());
        }
        if (a.isDirectory()) {
            return new FileEntry(path, FileEntry.Kind.FOLDER, mode, 0, null);
        }
        if (a.isRegularFile()) {
            return new FileEntry(path, FileEntry.Kind.FILE, mode, a.size(), null);
        }
        return new FileEntry(path, FileEntry.Kind.SPECIAL, mode, 0, null);
    }

    /**
     * The folder {@code rel} on disk, null when missing; a file there (or a symlink, which is never
     * followed) is an error when {@code strict}, else null.
     */
    private Path resolveFolder(String rel, boolean strict) throws IOException {
        Path p = top.resolve(rel);
        PosixFileAttributes a;
        try {
            a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
        if (!a.isDirectory()) {
            if (strict) {
                throw new IOException(rel + ": not a folder in " + top);
            }
            return null;
        }
        requireInside(p, rel);
        return p;
    }

    /** A symlinked folder on the way would lead outside: the real path must be where it claims. */
    private void requireInside(Path p, String rel) throws IOException {
        if (!p.toRealPath().equals(top.toRealPath().resolve(top.relativize(p)))) {
            throw new IOException(rel + ": a symlinked folder on the way leads elsewhere; a path inside " + top
                    + " was expected");
        }
    }

    private static byte[] fileDigest(Path file) throws IOException {
        MessageDigest d = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS), d)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return d.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    @Override
    public String toString() {
        return "FolderRepositoryFiles[" + top + " " + commit + "]";
    }
}
