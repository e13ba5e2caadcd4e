package bbh.tenant.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A tenant folder in a plain folder on disk (a working directory, committed or not). */
public final class DirectoryTenantFolder implements TenantFolder {

    private final Path repositoryTop;
    private final String name;
    private final Path folder;

    /**
     * @param repositoryTop the repository's top folder
     * @param name the tenant folder's name under {@code tenants/}
     */
    public DirectoryTenantFolder(Path repositoryTop, String name) {
        this.repositoryTop = repositoryTop.toAbsolutePath().normalize();
        this.name = name;
        this.folder = this.repositoryTop.resolve("tenants").resolve(name);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public byte[] read(String file, long maxBytes) throws UnsafeFileException, IOException {
        String shown = path() + "/" + file;
        Path p = folder.resolve(file).normalize();
        if (!p.startsWith(folder)) {
            throw new UnsafeFileException(shown, "a path inside the tenant's folder was expected");
        }
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new UnsafeFileException(shown, "file is missing");
        }
        if (a.isSymbolicLink()) {
            throw new UnsafeFileException(shown, "a regular file was expected, found a symlink");
        }
        if (!a.isRegularFile()) {
            throw new UnsafeFileException(shown, "a regular file was expected");
        }
        // A symlinked folder earlier in the path would lead the read elsewhere: the real path must
        // still be inside the tenant's real folder.
        if (!p.toRealPath().startsWith(folder.toRealPath())) {
            throw new UnsafeFileException(shown, "a path inside the tenant's folder was expected; a symlinked folder leads elsewhere");
        }
        if (a.size() > maxBytes) {
            throw new UnsafeFileException(shown, "file is " + a.size() + " bytes, at most " + maxBytes + " expected");
        }
        // Read at most maxBytes + 1: the file may grow between the size check and the read.
        try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
            byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (b.length > maxBytes) {
                throw new UnsafeFileException(shown, "file is over " + maxBytes + " bytes, at most " + maxBytes + " expected");
            }
            return b;
        }
    }

    @Override
    public List<String> list(String subfolder) throws UnsafeFileException, IOException {
        String shown = path() + "/" + subfolder;
        Path p = folder.resolve(subfolder).normalize();
        if (!p.startsWith(folder) || p.equals(folder)) {
            throw new UnsafeFileException(shown, "a folder inside the tenant's folder was expected");
        }
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        if (a.isSymbolicLink()) {
            throw new UnsafeFileException(shown, "a folder was expected, found a symlink");
        }
        if (!a.isDirectory()) {
            throw new UnsafeFileException(shown, "a folder was expected");
        }
        if (!p.toRealPath().startsWith(folder.toRealPath())) {
            throw new UnsafeFileException(shown, "a folder inside the tenant's folder was expected; a symlinked folder leads elsewhere");
        }
        List<String> names = new ArrayList<>();
        try (Stream<Path> entries = Files.list(p)) {
            for (Path e : (Iterable<Path>) entries::iterator) {
                BasicFileAttributes ea = Files.readAttributes(e, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                names.add(e.getFileName() + (ea.isDirectory() ? "/" : ""));
            }
        }
        names.sort(null);
        return names;
    }

    @Override
    public List<UnsafeFileException> unsafeEntries() throws IOException {
        List<UnsafeFileException> found = new ArrayList<>();
        if (Files.isSymbolicLink(folder)) {
            found.add(new UnsafeFileException(path(), "a folder was expected, found a symlink"));
            return found;
        }
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (Files.isSymbolicLink(p)) {
                    Path target = Files.readSymbolicLink(p);
                    Path resolved = p.getParent().resolve(target).normalize();
                    if (target.isAbsolute() || !resolved.startsWith(repositoryTop)) {
                        String rel = repositoryTop.relativize(p).toString().replace('\\', '/');
                        found.add(new UnsafeFileException(rel,
                                "symlink to '" + target + "' leaves the repository; a target inside it was expected"));
                    }
                }
            }
        }
        return found;
    }
}
