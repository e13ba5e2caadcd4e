package bbh.tenant.source;

import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Blob ids of files already hashed, so a re-scan of an unchanged folder reads no file content.
 * An entry is trusted while the file's size, modification time and file key (device and inode on
 * Linux) are those seen when it was hashed.
 *
 * <p>Like git's index it guards against "racy" entries (see git's
 * Documentation/technical/racy-git.txt): a file changed again within the same timestamp tick after
 * it was hashed keeps its size and mtime. An entry is only trusted when the file's mtime was
 * {@link #RACY_WINDOW_NANOS} older than the moment it was hashed; otherwise the next scan hashes
 * the file again (by then it is old enough, so the scan after that trusts it).
 *
 * <p>Each scan starts a new generation: entries not looked up during a scan are dropped at its end,
 * so deleted files don't accumulate. Not thread-safe: one scan at a time (RepositorySource
 * serialises {@code open()}).
 */
final class BlobIdCache {

    /** Coarsest mtime granularity allowed for (FAT: 2 s); finer file systems just re-hash sooner. */
    static final long RACY_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(2);

    private record Entry(long size, long mtimeNanos, Object fileKey, long hashedAtNanos, ObjectId id) {}

    private Map<String, Entry> current = new HashMap<>();
    private Map<String, Entry> next = new HashMap<>();

    /** Starts a scan: entries not used until {@link #endScan()} are forgotten then. */
    void beginScan() {
        next = new HashMap<>();
    }

    /** Ends a scan, keeping only the entries it used. */
    void endScan() {
        current = next;
        next = new HashMap<>();
    }

    /** Abandons a failed scan: the previous generation stays as it was. */
    void abortScan() {
        next = new HashMap<>();
    }

    /** The cached id of the file at {@code path} with attributes {@code a}, or null when unknown or racy. */
    ObjectId lookup(String path, BasicFileAttributes a) {
        Entry e = current.get(path);
        if (e == null || e.size != a.size() || e.mtimeNanos != mtimeNanos(a) || !same(e.fileKey, a.fileKey())) {
            return null;
        }
        if (e.hashedAtNanos - e.mtimeNanos < RACY_WINDOW_NANOS) {
            return null;
        }
        next.put(path, e);
        return e.id;
    }

    /**
     * Records the id of the file at {@code path}, hashed at {@code hashedAtNanos} (wall clock, ns
     * since the epoch, taken before the content was read) with attributes {@code a} seen before
     * the read.
     */
    void store(String path, BasicFileAttributes a, long hashedAtNanos, ObjectId id) {
        next.put(path, new Entry(a.size(), mtimeNanos(a), a.fileKey(), hashedAtNanos, id));
    }

    /** Entries kept by the last completed scan. */
    int size() {
        return current.size();
    }

    static long mtimeNanos(BasicFileAttributes a) {
        return a.lastModifiedTime().to(TimeUnit.NANOSECONDS);
    }

    private static boolean same(Object a, Object b) {
        return a == null ? b == null : a.equals(b);
    }
}
