package bbh.sysext.place;

import bbh.sysext.image.BuiltImage;
import bbh.sysext.image.ImageCache;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A folder systemd-sysext (or systemd-confext) reads images from: a tenant's
 * {@code extensions/sysext} that its machine sees as {@code /var/lib/extensions}, or the host's own
 * {@code /var/lib/extensions}. This class owns the folder's content.
 *
 * <p>Layout, chosen so that it works the same seen from the host and from inside a machine that
 * binds the folder: each version is a file {@code <name>_<version>_<sha12>.<type>} (a name
 * systemd-sysext does not take for an image: it takes only {@code *.raw} files and folders, and
 * in systemd 252 it ignores symlinks there), listed with its SHA-256 in {@code SHA256SUMS}; the
 * image merged is {@code <name>.raw}, a hard link to one version. Switching a version is one
 * {@code rename(2)} of a new hard link over {@code <name>.raw}: a reader sees the old image or the
 * new one, never neither. The version switched away from stays until the switch is confirmed (and
 * after that until the next switch), so a rollback is one rename back.
 *
 * <p>Not thread-safe: one caller per folder (the overlay stage runs one work per tenant at a time).
 */
public final class ExtensionFolder {

    /** The manifest of the versions in the folder, in sha256sum(1)'s format. */
    public static final String MANIFEST = "SHA256SUMS";

    private final Path folder;

    public ExtensionFolder(Path folder) {
        this.folder = Objects.requireNonNull(folder, "folder");
    }

    /** The folder. */
    public Path folder() {
        return folder;
    }

    /** One image merged from this folder. */
    public record Current(String name, String versionedName, String sha256) {}

    /**
     * The images in force: each {@code <name>.raw} with the version it is (found by its inode),
     * sorted by name. A {@code .raw} not from bbh shows with versionedName {@code ?}.
     */
    public List<Current> current() throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        Map<String, String> sums = readManifest();
        Map<Object, String> versions = versionsByInode();
        List<Current> out = new ArrayList<>();
        for (Map.Entry<String, Path> e : links().entrySet()) {
            String v = versions.get(inode(e.getValue()));
            out.add(new Current(e.getKey(), v == null ? "?" : v, v == null ? "?" : sums.getOrDefault(v, "?")));
        }
        return out;
    }

    /**
     * Puts {@code images} in force, one switch per image whose version changes; removes the
     * {@code .raw} of names not among them that bbh put there. Nothing is deleted yet: {@link Switch#confirm()} prunes,
     * {@link Switch#rollback()} switches back.
     */
    public Switch apply(List<BuiltImage> images) throws IOException {
        Files.createDirectories(folder);
        for (BuiltImage i : images) {
            placeVersion(i);
        }
        writeManifest();
        Map<Object, String> versions = versionsByInode();
        SortedMap<String, Path> before = links();
        Map<String, String> previous = new HashMap<>();
        List<String> changed = new ArrayList<>();
        Set<String> wanted = new HashSet<>();
        try {
            for (BuiltImage i : images) {
                wanted.add(i.name());
                Path link = before.get(i.name());
                String was = link == null ? null : versions.getOrDefault(inode(link), "?");
                if (i.versionedName().equals(was)) {
                    continue;
                }
                previous.put(i.name(), was);
                changed.add(i.name());
                switchTo(i.name(), i.versionedName());
            }
            for (Map.Entry<String, Path> e : before.entrySet()) {
                // Only images bbh put here go: an operator's own .raw in the host's folder stays.
                if (!wanted.contains(e.getKey()) && versions.containsKey(inode(e.getValue()))) {
                    previous.put(e.getKey(), versions.getOrDefault(inode(e.getValue()), "?"));
                    changed.add(e.getKey());
                    Files.delete(e.getValue());
                }
            }
        } catch (IOException e) {
            new Switch(changed, previous).rollback();
            throw e;
        }
        return new Switch(changed, previous);
    }

    /** A set of switches made by {@link #apply}, to confirm or take back. */
    public final class Switch {
        private final List<String> changed;
        private final Map<String, String> previous;

        Switch(List<String> changed, Map<String, String> previous) {
            this.changed = List.copyOf(changed);
            this.previous = new HashMap<>(previous);
        }

        /** The names whose image changed, appeared or went. */
        public List<String> changed() {
            return changed;
        }

        /** Switches every changed name back to the version it had; a name that was new goes. */
        public void rollback() throws IOException {
            for (String name : changed) {
                String was = previous.get(name);
                if (was == null || was.equals("?")) {
                    Files.deleteIfExists(folder.resolve(name + ".raw"));
                } else {
                    switchTo(name, was);
                }
            }
        }

        /**
         * The new images are in effect: versions neither in force nor switched away from by this
         * switch are deleted, so one older version per name stays for a rollback by hand.
         */
        public void confirm() throws IOException {
            Set<String> keep = new HashSet<>(previous.values());
            Map<Object, String> versions = versionsByInode();
            for (Path link : links().values()) {
                keep.add(versions.get(inode(link)));
            }
            for (String v : versions.values()) {
                if (!keep.contains(v)) {
                    Files.deleteIfExists(folder.resolve(v));
                }
            }
            writeManifest();
        }
    }

    /** Makes {@code <name>.raw} the version {@code versioned}: a new hard link renamed over it. */
    private void switchTo(String name, String versioned) throws IOException {
        Path next = folder.resolve("." + name + ".raw.next");
        Files.deleteIfExists(next);
        Files.createLink(next, folder.resolve(versioned));
        try {
            Files.move(next, folder.resolve(name + ".raw"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException(folder + " cannot rename atomically; an extension folder must be on a local file system", e);
        }
    }

    /** The version's file, from the cache: a hard link when on the same file system, else a copy. */
    private void placeVersion(BuiltImage i) throws IOException {
        Path target = folder.resolve(i.versionedName());
        if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Path partial = folder.resolve("." + i.versionedName() + ".partial");
        Files.deleteIfExists(partial);
        try {
            Files.createLink(partial, i.file());
        } catch (IOException | UnsupportedOperationException crossDevice) {
            Files.copy(i.file(), partial, StandardCopyOption.REPLACE_EXISTING);
        }
        if (!ImageCache.sha256(partial).equals(i.sha256())) {
            Files.delete(partial);
            throw new IOException(i.file() + " does not have the SHA-256 the cache recorded (" + i.sha256() + "); not used");
        }
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The {@code .raw} entries: name without {@code .raw} to path, sorted. */
    private SortedMap<String, Path> links() throws IOException {
        SortedMap<String, Path> out = new TreeMap<>();
        try (Stream<Path> s = Files.list(folder)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String f = p.getFileName().toString();
                if (f.endsWith(".raw") && !f.startsWith(".")) {
                    out.put(f.substring(0, f.length() - 4), p);
                }
            }
        }
        return out;
    }

    /** Versioned files ({@code *.sysext}, {@code *.confext}) by inode. */
    private Map<Object, String> versionsByInode() throws IOException {
        Map<Object, String> out = new HashMap<>();
        try (Stream<Path> s = Files.list(folder)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String f = p.getFileName().toString();
                if (!f.startsWith(".") && (f.endsWith(".sysext") || f.endsWith(".confext"))) {
                    out.put(inode(p), f);
                }
            }
        }
        return out;
    }

    private static Object inode(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (NoSuchFileException e) {
            return p;
        }
    }

    private Map<String, String> readManifest() throws IOException {
        Map<String, String> sums = new HashMap<>();
        Path m = folder.resolve(MANIFEST);
        if (Files.isRegularFile(m)) {
            for (String line : Files.readAllLines(m, StandardCharsets.UTF_8)) {
                int sp = line.indexOf("  ");
                if (sp == 64) {
                    sums.put(line.substring(66), line.substring(0, 64));
                }
            }
        }
        return sums;
    }

    /** SHA256SUMS of every version file, sorted by name; written beside and renamed. */
    private void writeManifest() throws IOException {
        Map<String, String> known = readManifest();
        StringBuilder b = new StringBuilder();
        for (String v : new TreeMap<>(invert(versionsByInode())).keySet()) {
            String sha = known.get(v);
            if (sha == null) {
                sha = ImageCache.sha256(folder.resolve(v));
            }
            b.append(sha).append("  ").append(v).append('\n');
        }
        Path tmp = folder.resolve("." + MANIFEST + ".next");
        Files.writeString(tmp, b, StandardCharsets.UTF_8);
        Files.move(tmp, folder.resolve(MANIFEST), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static Map<String, Object> invert(Map<Object, String> m) {
        Map<String, Object> out = new HashMap<>();
        m.forEach((k, v) -> out.put(v, k));
        return out;
    }

    /** The SHA-256 the manifest records for a version, if any. */
    public Optional<String> recorded(String versionedName) throws IOException {
        return Optional.ofNullable(readManifest().get(versionedName));
    }

    /**
     * Checks that every {@code <name>.raw} in force is a version whose content has the SHA-256 the
     * manifest records; returns what is wrong, empty when all is well.
     */
    public List<String> verify(List<String> names) throws IOException {
        List<String> wrong = new ArrayList<>();
        Map<String, String> sums = readManifest();
        Map<Object, String> versions = versionsByInode();
        for (String name : names) {
            Path link = folder.resolve(name + ".raw");
            if (!Files.isRegularFile(link, LinkOption.NOFOLLOW_LINKS)) {
                wrong.add(link + " is missing");
                continue;
            }
            String v = versions.get(inode(link));
            String expected = v == null ? null : sums.get(v);
            if (expected == null) {
                wrong.add(link + " is no version listed in " + MANIFEST);
            } else if (!expected.equals(ImageCache.sha256(link))) {
                wrong.add(link + " does not have the SHA-256 " + MANIFEST + " lists for " + v);
            }
        }
        return wrong;
    }

    /** Removes the folder and everything in it (the tenant left). */
    public void removeAll() throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> s = Files.list(folder)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Files.deleteIfExists(p);
            }
        }
        try {
            Files.deleteIfExists(folder);
        } catch (java.nio.file.DirectoryNotEmptyException raced) {
            throw new IOException(folder + " gained files while it was removed", raced);
        }
    }

}
