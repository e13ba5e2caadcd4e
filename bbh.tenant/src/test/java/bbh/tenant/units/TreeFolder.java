package bbh.tenant.units;

import bbh.tenant.unit.RenderedTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A rendered tree as files in a folder. Two forms: {@link #place} writes symlinks as symlinks (for
 * systemd to read); the golden form writes them as lines {@code <path> -> <target>} of
 * {@value #SYMLINKS}, since a committed symlink to /usr/lib/... would be followed when copied.
 */
final class TreeFolder {
    private TreeFolder() {}

    static final String SYMLINKS = "symlinks.txt";

    /** Writes {@code tree} into {@code dir} as systemd would find it in a unit folder. */
    static void place(RenderedTree tree, Path dir) throws IOException {
        for (RenderedTree.Entry e : tree.entries().values()) {
            Path p = dir.resolve(e.path());
            Files.createDirectories(p.getParent());
            if (e.isSymlink()) {
                Files.deleteIfExists(p);
                Files.createSymbolicLink(p, Path.of(e.linkTarget()));
            } else {
                Files.write(p, e.content());
            }
        }
    }

    /** The golden form of {@code tree}: file path to content, symlinks in {@value #SYMLINKS}. */
    static SortedMap<String, String> golden(RenderedTree tree) {
        SortedMap<String, String> files = new TreeMap<>();
        StringBuilder links = new StringBuilder();
        for (RenderedTree.Entry e : tree.entries().values()) {
            if (e.isSymlink()) {
                links.append(e.path()).append(" -> ").append(e.linkTarget()).append('\n');
            } else {
                files.put(e.path(), new String(e.content(), StandardCharsets.UTF_8));
            }
        }
        if (links.length() > 0) {
            files.put(SYMLINKS, links.toString());
        }
        return files;
    }

    /** Reads a golden folder back: relative path to content. */
    static SortedMap<String, String> read(Path dir) throws IOException {
        SortedMap<String, String> files = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
                files.put(dir.relativize(p).toString(), Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    /** Replaces {@code dir}'s content with {@code files}. */
    static void write(SortedMap<String, String> files, Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            List<Path> old = new ArrayList<>();
            try (Stream<Path> all = Files.walk(dir)) {
                all.forEach(old::add);
            }
            for (int i = old.size() - 1; i >= 0; i--) {
                Files.delete(old.get(i));
            }
        }
        for (var e : files.entrySet()) {
            Path p = dir.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, e.getValue(), StandardCharsets.UTF_8);
        }
    }

    /** Copies a golden folder into {@code dir} as systemd would find it, symlinks made from {@value #SYMLINKS}. */
    static void placeGolden(Path golden, Path dir) throws IOException {
        RenderedTree tree = new RenderedTree();
        for (var e : read(golden).entrySet()) {
            if (e.getKey().equals(SYMLINKS)) {
                for (String line : e.getValue().split("\n")) {
                    String[] parts = line.split(" -> ", 2);
                    tree.symlink(parts[0], parts[1]);
                }
            } else {
                tree.file(e.getKey(), e.getValue());
            }
        }
        place(tree, dir);
    }
}
