package bbh.runtime.launch;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Tells git URLs from folder paths and makes paths absolute against the folder bin/bbh was called
 * from: the runtime's own working directory says nothing about where the user typed the command.
 */
final class Locations {
    private Locations() {}

    /** {@code scheme://...}, as git and JGit accept them (https, ssh, git, file). */
    private static final Pattern URL = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*");

    /** scp-like {@code user@host:path}, which git reads as ssh. */
    private static final Pattern SCP = Pattern.compile("^[^/@:]+@[^/:]+:.*");

    /** True when {@code location} names a remote (or file://) git repository rather than a folder. */
    static boolean isUrl(String location) {
        return URL.matcher(location).matches() || SCP.matcher(location).matches();
    }

    /** {@code location} unchanged when it is a URL, otherwise as an absolute, normalized path. */
    static String absoluteLocation(String location, Path cwd) {
        return isUrl(location) ? location : absolutePath(location, cwd).toString();
    }

    /** {@code path} resolved against {@code cwd} when relative, then normalized. */
    static Path absolutePath(String path, Path cwd) {
        return cwd.resolve(path).toAbsolutePath().normalize();
    }
}
