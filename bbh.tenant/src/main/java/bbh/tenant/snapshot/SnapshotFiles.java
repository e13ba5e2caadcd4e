package bbh.tenant.snapshot;

import bbh.tenant.unit.RenderedTree;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One snapshot folder on disk: writes a {@link RenderedTree} into a new folder, reads a folder back,
 * compares, deletes. Never follows a symlink: a snapshot's symlinks are content (a {@code .wants}
 * link's target is read, not the unit it names).
 */
final class SnapshotFiles {

    private SnapshotFiles() {}

    /**
     * Writes every entry of {@code tree} below {@code folder}, which must not exist. With
     * {@code durable}, every file and then every folder (deepest first) is fsync'd before this
     * returns, so that a switch to the folder afterwards never points at files a power cut emptied.
     */
    static void write(Path folder, RenderedTree tree, boolean durable) throws IOException {
        Files.createDirectory(folder);
        Set<Path> folders = new HashSet<>();
        folders.add(folder);
        for (RenderedTree.Entry e : tree.entries().values()) {
            Path target = folder.resolve(e.path());
            Path parent = target.getParent();
            if (folders.add(parent)) {
                Files.createDirectories(parent);
                for (Path p = parent.getParent(); !p.equals(folder); p = p.getParent()) {
                    folders.add(p);
                }
            }
            if (e.isSymlink()) {
                Files.createSymbolicLink(target, Path.of(e.linkTarget()));
            } else {
                try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    ByteBuffer content = ByteBuffer.wrap(e.content());
                    while (content.hasRemaining()) {
                        out.write(content);
                    }
                    if (durable) {
                        out.force(true);
                    }
                }
            }
        }
        if (durable) {
            // Deepest first: a folder's entry in its parent is synced after the folder's own entries.
            List<Path> deepestFirst = new ArrayList<>(folders);
            deepestFirst.sort((a, b) -> Integer.compare(b.getNameCount(), a.getNameCount()));
            for (Path f : deepestFirst) {
                syncFolder(f);
            }
        }
    }

    /** fsync(2) of a folder: makes the entries created or renamed in it survive a power cut. */
    static void syncFolder(Path folder) throws IOException {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    /**
     * The files and symlinks below {@code folder}, by relative path, as they are on disk (bytes, not
     * text). Folders are implied by their entries; anything else (a device, a FIFO) fails: a snapshot
     * never holds one.
     */
    static SortedMap<String, RenderedTree.Entry> read(Path folder) throws IOException {
        SortedMap<String, RenderedTree.Entry> entries = new TreeMap<>();
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String rel = folder.relativize(file).toString();
                if (attrs.isSymbolicLink()) {
                    entries.put(rel, new RenderedTree.Entry(rel, null, Files.readSymbolicLink(file).toString()));
                } else if (attrs.isRegularFile()) {
                    entries.put(rel, new RenderedTree.Entry(rel, Files.readAllBytes(file), null));
                } else {
                    throw new IOException(file + ": neither a file, a folder nor a symlink");
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return entries;
    }

    /** True when {@code folder} holds exactly {@code tree}: the same paths, bytes and link targets. */
    static boolean holds(Path folder, RenderedTree tree) throws IOException {
        try {
            return same(read(folder), tree.entries());
        } catch (NoSuchFileException gone) {
            return false;
        }
    }

    /** True when both have the same paths, bytes and link targets. */
    static boolean same(SortedMap<String, RenderedTree.Entry> a, SortedMap<String, RenderedTree.Entry> b) {
        if (a.size() != b.size()) {
            return false;
        }
        Iterator<RenderedTree.Entry> i = a.values().iterator();
        Iterator<RenderedTree.Entry> j = b.values().iterator();
        while (i.hasNext()) {
            RenderedTree.Entry e = i.next();
            RenderedTree.Entry f = j.next();
            if (!e.path().equals(f.path()) || !Arrays.equals(e.content(), f.content())
                    || !Objects.equals(e.linkTarget(), f.linkTarget())) {
                return false;
            }
        }
        return true;
    }

    /** Deletes {@code path} and everything below it, never following a symlink; fine when missing. */
    static void delete(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
