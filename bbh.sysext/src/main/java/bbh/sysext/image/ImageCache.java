package bbh.sysext.image;

import bbh.api.source.RepositoryFiles;
import bbh.sysext.tree.ExtensionType;
import bbh.sysext.tree.ReleaseFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Extension images by the content id of the tree they come from ({@link RepositoryFiles#contentId}):
 * an unchanged tree is never built again, and a tree that a git revert brings back has its old id,
 * so its old image is used as it is. A cached image is {@code <folder>/<type>-<id>.raw} with its
 * SHA-256 in {@code .sha256} beside it, both written atomically (build beside, rename).
 *
 * <p>Thread-safe: builds of one key in one cache are serialised, different keys build in parallel;
 * caches sharing a folder may build one key twice at once, harmlessly (same bytes, atomic renames).
 */
public final class ImageCache {

    private final Path folder;
    private final SquashfsBuilder builder;
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

    public ImageCache(Path folder, SquashfsBuilder builder) {
        this.folder = folder;
        this.builder = builder;
    }

    /** The cache's folder. */
    public Path folder() {
        return folder;
    }

    /**
     * The image of extension {@code name}'s tree {@code tree} in {@code files}, built when the cache
     * has none for its content id. The tree is expected to have passed
     * {@link bbh.sysext.tree.TreeCheck}.
     */
    public BuiltImage image(RepositoryFiles files, String tree, String name, ExtensionType type) throws IOException {
        String contentId = files.contentId(tree)
                .orElseThrow(() -> new IOException(tree + " is not in commit " + files.commit()));
        String version = version(files, tree, name, type);
        String key = type.id() + "-" + SquashfsBuilder.FORMAT + "-" + contentId.replace(':', '-');
        Path image = folder.resolve(key + ".raw");
        Path sum = folder.resolve(key + ".sha256");
        synchronized (locks.computeIfAbsent(key, k -> new Object())) {
            if (Files.isRegularFile(image) && Files.isRegularFile(sum)) {
                return new BuiltImage(name, type, version, contentId, Files.readString(sum).strip(), image, false);
            }
            Files.createDirectories(folder);
            Path scratch = Files.createTempDirectory(folder, ".tree-");
            // Unique partial names: another cache over the same folder (another stage instance, a
            // second bbh) may build the same key at the same time; both renames then put the same
            // bytes in place.
            Path partial = scratch.resolveSibling(scratch.getFileName() + ".raw");
            Path partialSum = scratch.resolveSibling(scratch.getFileName() + ".sha256");
            try {
                TreeExport.export(files, tree, scratch);
                builder.build(scratch, partial);
                String sha = sha256(partial);
                Files.writeString(partialSum, sha + "\n");
                move(partial, image);
                move(partialSum, sum);
                return new BuiltImage(name, type, version, contentId, sha, image, true);
            } finally {
                deleteTree(scratch);
                Files.deleteIfExists(partial);
                Files.deleteIfExists(partialSum);
            }
        }
    }

    private static String version(RepositoryFiles files, String tree, String name, ExtensionType type) throws IOException {
        try (InputStream in = files.open(tree + "/" + type.releaseFile(name))) {
            return ReleaseFile.parse(new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8)).imageVersion(type);
        } catch (ReleaseFile.SyntaxError e) {
            throw new IOException(tree + "/" + type.releaseFile(name) + ":" + e.line() + ": " + e.getMessage(), e);
        }
    }

    /** The SHA-256 of a file, hex. */
    public static String sha256(Path file) throws IOException {
        MessageDigest d;
        try {
            d = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0;) {
                d.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }

    static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteTree(Path top) throws IOException {
        if (!Files.exists(top)) {
            return;
        }
        // A folder exported read-only keeps its entries from anyone but root: writable first.
        try (Stream<Path> all = Files.walk(top)) {
            all.filter(p -> Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .forEach(p -> p.toFile().setWritable(true, true));
        }
        try (Stream<Path> all = Files.walk(top)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** For tests: the image a key would have, if cached. */
    Optional<Path> cached(String type, String contentId) {
        Path p = folder.resolve(type + "-" + SquashfsBuilder.FORMAT + "-" + contentId.replace(':', '-') + ".raw");
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }
}
