package bbh.vmspawn;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Waits for a line in a unit's journal inside a booted host: follows {@code journalctl -f} (from the
 * unit's first line, so nothing written before the wait is missed) and returns the first line that
 * matches, or nothing when the deadline passes first. An event, not a poll: each journal line
 * arrives as it is written.
 */
final class UnitJournal {
    private UnitJournal() {}

    private static final Path TESTHOST = Path.of("../bin/testhost").toAbsolutePath().normalize();

    static Optional<String> awaitLine(String host, String unit, Pattern line, Duration deadline) throws Exception {
        // -a: a VM's console lines carry escape sequences, which journalctl otherwise shows as "blob data".
        Process p = new ProcessBuilder(TESTHOST.toString(), "exec", host, "journalctl", "--follow", "--all", "--lines=all",
                "--output=cat", "--no-pager", "--unit=" + unit)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        CompletableFuture<String> found = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    if (line.matcher(l).find()) {
                        return l;
                    }
                }
                return null;
            } catch (java.io.IOException e) {
                return null;
            }
        });
        try {
            return Optional.ofNullable(found.get(deadline.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } finally {
            // journalctl runs below testhost, nsenter: end them all, deepest first.
            List<ProcessHandle> below = p.descendants().toList();
            for (int i = below.size() - 1; i >= 0; i--) {
                below.get(i).destroy();
            }
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
