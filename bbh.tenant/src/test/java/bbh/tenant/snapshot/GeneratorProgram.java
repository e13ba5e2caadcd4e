package bbh.tenant.snapshot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One of the generator programs as the build made them ({@code target/classes/generators/}), run
 * the way a test needs: a chosen environment (no inherited BBH_* or SYSTEMD_* variables), stdout
 * and stderr into files (no pipe to drain), a deadline.
 */
final class GeneratorProgram {

    /**
     * What a run left.
     *
     * @param exitCode the exit code
     * @param stderr everything written to stderr
     */
    record Result(int exitCode, String stderr) {}

    private final Path binary;

    private GeneratorProgram(Path binary) {
        this.binary = binary;
    }

    static GeneratorProgram tenantGenerator() {
        return of("tenant-generator");
    }

    static GeneratorProgram mountGenerator() {
        return of("mount-generator");
    }

    private static GeneratorProgram of(String name) {
        // Surefire runs in the module's folder; the compile phase built the programs there.
        Path binary = Path.of("target/classes/generators", name).toAbsolutePath();
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(binary + " is missing: the compile phase builds it (gcc needed)");
        }
        return new GeneratorProgram(binary);
    }

    /** Starts the program with {@code env} as its whole environment (plus PATH) and {@code args}. */
    Process start(Map<String, String> env, Path logs, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/bin:/bin");
        builder.environment().putAll(env);
        Files.createDirectories(logs);
        builder.redirectOutput(logs.resolve("stdout").toFile());
        builder.redirectError(logs.resolve("stderr").toFile());
        builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        return builder.start();
    }

    /** Runs the program to its end (at most 30 s) and returns its exit code and stderr. */
    Result run(Map<String, String> env, Path logs, String... args) throws IOException, InterruptedException {
        Process p = start(env, logs, args);
        return finish(p, logs, 30);
    }

    /** Waits for a started run to end (at most {@code seconds}) and returns what it left. */
    static Result finish(Process p, Path logs, long seconds) throws IOException, InterruptedException {
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("the generator did not end within " + seconds + " s");
        }
        String stdout = Files.readString(logs.resolve("stdout"), StandardCharsets.UTF_8);
        if (!stdout.isEmpty()) {
            throw new AssertionError("a generator writes nothing to stdout, but wrote: " + stdout);
        }
        return new Result(p.exitValue(), Files.readString(logs.resolve("stderr"), StandardCharsets.UTF_8));
    }
}
