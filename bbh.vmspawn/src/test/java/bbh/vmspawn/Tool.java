package bbh.vmspawn;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a tool of this machine for a test and returns what it printed; output goes through files, so
 * neither stream blocks the other, and a deadline ends a tool that hangs.
 */
record Tool(int exitCode, String stdout, String stderr) {

    static boolean exists(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }

    static boolean root() throws IOException, InterruptedException {
        return run(List.of("id", "-u")).stdout().strip().equals("0");
    }

    /** The cached bookworm root file system of bin/testhost, if one was built. */
    static Path testhostRootfs() throws IOException {
        Path cache = Path.of(System.getenv().getOrDefault("BBH_CACHE", "/var/cache/bbh"), "testhost");
        if (!Files.isDirectory(cache)) {
            return null;
        }
        try (Stream<Path> l = Files.list(cache)) {
            return l.filter(p -> p.getFileName().toString().startsWith("rootfs-")).sorted().findFirst().orElse(null);
        }
    }

    static Tool run(List<String> command) throws IOException, InterruptedException {
        return run(command, Map.of(), 120);
    }

    static Tool run(List<String> command, Map<String, String> env, long deadlineSeconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile("bbh-tool", ".out");
        Path err = Files.createTempFile("bbh-tool", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(deadlineSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(command + " did not end within " + deadlineSeconds + " s");
            }
            return new Tool(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
