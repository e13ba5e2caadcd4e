package bbh.sysext.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A scratch root file system for the real {@code systemd-sysext --root=}: merged and unmerged in a
 * private mount namespace (the recipe of shared/notes/systemd-testbed.md), so nothing leaks to
 * the machine running the tests. Needs root, unshare(1) and systemd-sysext (systemd 252 here).
 */
public final class SysextRoot {

    private final Path root;

    /** Makes the root with an os-release (systemd-sysext matches images against it). */
    public SysextRoot(Path root) throws IOException {
        this.root = root;
        Files.createDirectories(root.resolve("usr/lib"));
        Files.createDirectories(root.resolve("var/lib/extensions"));
        Files.writeString(root.resolve("usr/lib/os-release"), "ID=debian\nVERSION_ID=12\n");
    }

    public Path root() {
        return root;
    }

    /** Whether this machine can run the merge: root, unshare and systemd-sysext present. */
    public static boolean available() {
        return "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/unshare"))
                && Files.isExecutable(Path.of("/usr/bin/systemd-sysext"));
    }

    /**
     * Merges the root's extensions, runs {@code shell} (with {@code $R} the root) while they are
     * merged, unmerges; returns the shell's output. Fails when merge or unmerge fails.
     */
    public String whileMerged(String shell) throws IOException, InterruptedException {
        String script = "set -e; mount --make-rshared /; mount --bind /run /run; R=\"$1\"; "
                + "systemd-sysext --root=\"$R\" merge >/dev/null; (" + shell + ") || true; "
                + "systemd-sysext --root=\"$R\" unmerge >/dev/null";
        Path err = Files.createTempFile("sysext-", ".err");
        try {
            Process p = new ProcessBuilder("unshare", "-m", "--propagation", "private", "sh", "-c", script, "sh", root.toString())
                    .redirectError(err.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("systemd-sysext merge/unmerge failed: " + out + Files.readString(err));
            }
            return out;
        } finally {
            Files.deleteIfExists(err);
        }
    }

    /** Every path under the root with its size, sorted: what "left as it was" compares. */
    public List<String> listing() throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.map(p -> root.relativize(p) + " " + (Files.isRegularFile(p) ? p.toFile().length() : -1))
                    .sorted().collect(Collectors.toList());
        }
    }
}
