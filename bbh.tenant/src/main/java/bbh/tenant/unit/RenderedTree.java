package bbh.tenant.unit;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A set of rendered files and symlinks, by path relative to the folder they will be placed in,
 * sorted so that writing them is deterministic. Built by renderers, written by
 * {@code UnitSnapshots} and copied into systemd's view by the generators.
 */
public final class RenderedTree {

    /**
     * One entry: a file with content, or a symlink with a target.
     *
     * @param path relative path with {@code /} separators, never absolute, never with {@code ..}, may
     *     hold {@code \} (escaped unit names)
     * @param content the file's bytes; null for a symlink
     * @param linkTarget the symlink's target; null for a file
     */
    public record Entry(String path, byte[] content, String linkTarget) {
        public boolean isSymlink() {
            return linkTarget != null;
        }
    }

    private final SortedMap<String, Entry> entries = new TreeMap<>();

    /** Adds a file; its content is written as UTF-8. Replaces an entry of the same path. */
    public RenderedTree file(String path, String content) {
        return put(new Entry(checked(path), Objects.requireNonNull(content).getBytes(StandardCharsets.UTF_8), null));
    }

    /** Adds a symlink. Replaces an entry of the same path. */
    public RenderedTree symlink(String path, String target) {
        return put(new Entry(checked(path), null, Objects.requireNonNull(target)));
    }

    /** Adds every entry of {@code other}, each under {@code prefix/}. */
    public RenderedTree addAll(String prefix, RenderedTree other) {
        for (Entry e : other.entries.values()) {
            String p = prefix.isEmpty() ? e.path() : prefix + "/" + e.path();
            put(new Entry(checked(p), e.content(), e.linkTarget()));
        }
        return this;
    }

    /** The entries, sorted by path. */
    public SortedMap<String, Entry> entries() {
        return Collections.unmodifiableSortedMap(entries);
    }

    private RenderedTree put(Entry e) {
        entries.put(e.path(), e);
        return this;
    }

    /**
     * A backslash is allowed: escaped unit names hold one ({@code tenant-a\x2db.slice}). Control
     * characters are not: no file name bbh writes needs them, and tools print them raw.
     */
    private static String checked(String path) {
        if (path.isEmpty() || path.startsWith("/") || LineRules.firstForbidden(path, false) >= 0
                || ("/" + path + "/").contains("/../")
                || ("/" + path + "/").contains("/./") || path.contains("//") || path.endsWith("/")) {
            throw new IllegalArgumentException("not a clean relative path: '" + path + "'");
        }
        return path;
    }
}
