package bbh.api.source;

import java.util.Objects;

/**
 * One entry of a {@link RepositoryFiles} walk.
 *
 * @param path the entry's path relative to the repository's top
 * @param kind what it is
 * @param mode its POSIX permission and special bits ({@code 07777}: setuid, setgid, sticky, rwx);
 *     for a git repository {@code 0755} or {@code 0644} for files, {@code 0777} for symlinks,
 *     {@code 0755} for folders, as git records no more
 * @param size a regular file's size in bytes, 0 for the others
 * @param linkTarget a symlink's target as written, null for the others
 */
public record FileEntry(String path, Kind kind, int mode, long size, String linkTarget) {

    public FileEntry {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
    }

    /** What an entry is. */
    public enum Kind {
        FILE,
        FOLDER,
        SYMLINK,
        /** A git submodule: content that is not in this repository. */
        SUBMODULE,
        /** A device node, FIFO or socket: only a plain folder can hold one. */
        SPECIAL
    }

    /** Whether the setuid or setgid bit is set. */
    public boolean setId() {
        return (mode & 06000) != 0;
    }
}
