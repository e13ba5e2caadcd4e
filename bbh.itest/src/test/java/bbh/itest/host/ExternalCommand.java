package bbh.itest.host;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a host command to completion with a deadline and collects its output. Both streams are read
 * while the process runs (a full pipe would otherwise block it), and its stdin is /dev/null so that
 * nothing ever waits for input from the test JVM.
 */
final class ExternalCommand {
    private ExternalCommand() {}

    /** How long output may still arrive after the process exited. */
    private static final Duration OUTPUT_GRACE = Duration.ofSeconds(10);

    /**
     * Runs {@code command} in {@code workDir} and waits for it for at most {@code deadline}.
     *
     * @throws IOException when the command cannot be started or does not finish in time (it is
     *     killed then)
     */
    static ExecResult run(File workDir, Duration deadline, List<String> command) throws IOException {
        Process process = new ProcessBuilder(command)
                .directory(workDir)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        CompletableFuture<String> stdout = drain(process.getInputStream(), command);
        CompletableFuture<String> stderr = drain(process.getErrorStream(), command);
        try {
            if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within "
                        + deadline.toSeconds() + " s; killed it");
            }
            // Bounded too: a background child that kept the pipes open would block EOF forever.
            return new ExecResult(command, process.exitValue(),
                    stdout.get(OUTPUT_GRACE.toMillis(), TimeUnit.MILLISECONDS),
                    stderr.get(OUTPUT_GRACE.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + String.join(" ", command), e);
        } catch (ExecutionException e) {
            throw new IOException("could not read the output of " + String.join(" ", command), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException(String.join(" ", command) + " exited, but something it started still holds"
                    + " its stdout or stderr open", e);
        }
    }

    private static CompletableFuture<String> drain(InputStream in, List<String> command) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (in) {
                text.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.completeExceptionally(new UncheckedIOException(e));
            }
        }, "output of " + command.get(0));
        reader.setDaemon(true);
        reader.start();
        return text;
    }
}
