package bbh.itest.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real, booted systemd to test against: a systemd-nspawn container started by {@code bin/testhost}
 * over a fresh overlay of a cached Debian root file system (see that script for the recipe).
 *
 * <pre>{@code
 * Assume.assumeTrue(TestHost.unavailableReason().orElse(""), TestHost.available());
 * try (TestHost host = TestHost.start("bbh-it-units")) {
 *     Files.writeString(host.root().resolve("etc/systemd/system/x.service"), unit);
 *     host.systemctl("daemon-reload").requireSuccess();
 *     host.systemctl("start", "x.service").requireSuccess();
 *     // or talk to host.busAddress() with dbus-java
 * }
 * }</pre>
 *
 * <p>Files for /etc, /usr or /var go under {@link #root()} (the overlay the container runs on; the
 * cache below it stays clean). Files for /run go under {@link #runDir()}: the container's /run is its
 * own tmpfs, not part of the tree on disk. Commands run inside through {@link #exec(String...)};
 * note that they stay in the host's cgroup, so anything that needs a scope of its own must be started
 * as a unit inside ({@code systemd-run --unit=...}).
 *
 * <p>{@link #close()} stops the container and removes its overlay and run folder. A JVM shutdown hook
 * does the same if the test never gets there (an aborted run); {@code bin/testhost status} lists what
 * still runs after a JVM was killed, and {@code bin/testhost stop NAME} cleans it up.
 */
public final class TestHost implements AutoCloseable {

    /** Covers building the root file system on a cold cache (apt and mmdebstrap, ~1 min here). */
    private static final Duration START_DEADLINE = Duration.ofMinutes(10);
    /** bin/testhost waits up to 15 s for a clean poweroff, then kills; this leaves room for both. */
    private static final Duration STOP_DEADLINE = Duration.ofMinutes(1);
    private static final Duration EXEC_DEADLINE = Duration.ofMinutes(2);
    private static final List<String> ENV_KEYS = List.of("name", "pid", "leader", "bus", "root", "run");

    private final Path script;
    private final String name;
    private final long nspawnPid;
    private final long leaderPid;
    private final String busAddress;
    private final Path root;
    private final Path runDir;
    private final Thread stopOnExit;
    private boolean closed;

    private TestHost(Path script, Map<String, String> env) {
        this.script = script;
        this.name = env.get("name");
        this.nspawnPid = Long.parseLong(env.get("pid"));
        this.leaderPid = Long.parseLong(env.get("leader"));
        this.busAddress = env.get("bus");
        this.root = Paths.get(env.get("root"));
        this.runDir = Paths.get(env.get("run"));
        this.stopOnExit = new Thread(this::stopQuietly, "stop test host " + name);
    }

    /**
     * Boots the test host {@code name} and returns once its systemd reports {@code running} or
     * {@code degraded} (bin/testhost prints the failed units then). Builds the cached root file
     * system first when it is missing.
     *
     * @param name the machine name: 1-63 letters, digits or '-'; unique among running test hosts
     * @throws IOException when bin/testhost is missing or the host does not come up; the message
     *     carries the script's diagnostics (console and journal of the container)
     */
    public static TestHost start(String name) throws IOException {
        return start(name, List.of());
    }

    /**
     * As {@link #start(String)}, with further systemd-nspawn options (bin/testhost's
     * {@code TESTHOST_NSPAWN_ARGS}), e.g. binds of loop devices so that systemd-sysext can merge
     * images inside. Each option is one word without spaces.
     */
    public static TestHost start(String name, List<String> nspawnArgs) throws IOException {
        Path script = script().orElseThrow(() -> new IOException(
                "bin/testhost not found above " + Paths.get("").toAbsolutePath()
                        + " (nor in the folder the bbh.workspace system property names)"));
        ExecResult started = ExternalCommand.run(script.getParent().getParent().toFile(), START_DEADLINE,
                List.of("env", "TESTHOST_NSPAWN_ARGS=" + String.join(" ", nspawnArgs), script.toString(), "start", name));
        if (!started.succeeded()) {
            throw new IOException("test host " + name + " did not start: " + started.describe());
        }
        Map<String, String> env = parseEnv(started);
        TestHost host = new TestHost(script, env);
        Runtime.getRuntime().addShutdownHook(host.stopOnExit);
        return host;
    }

    /** True when this machine can run a test host; {@link #unavailableReason()} says why not. */
    public static boolean available() {
        return unavailableReason().isEmpty();
    }

    /**
     * Why this machine cannot run a test host, or empty when it can: for a test's skip message. Checks
     * what {@code bin/testhost} needs before it does anything: Linux, root, the script itself, nsenter,
     * and systemd-nspawn (or apt-get to install it).
     */
    public static Optional<String> unavailableReason() {
        if (!System.getProperty("os.name", "").equals("Linux")) {
            return Optional.of("test hosts need Linux (systemd-nspawn); this is " + System.getProperty("os.name"));
        }
        if (!isRoot()) {
            return Optional.of("test hosts need root (overlay mounts, systemd-nspawn)");
        }
        if (script().isEmpty()) {
            return Optional.of("bin/testhost not found above " + Paths.get("").toAbsolutePath());
        }
        if (onPath("nsenter").isEmpty()) {
            return Optional.of("nsenter (util-linux) is not installed");
        }
        if (onPath("systemd-nspawn").isEmpty() && onPath("apt-get").isEmpty()) {
            return Optional.of("systemd-nspawn is not installed and there is no apt-get to install it");
        }
        return Optional.empty();
    }

    /** The machine name given to {@link #start(String)}. */
    public String name() {
        return name;
    }

    /** The host PID of systemd-nspawn. */
    public long nspawnPid() {
        return nspawnPid;
    }

    /** The host PID of the container's systemd (its PID 1). */
    public long leaderPid() {
        return leaderPid;
    }

    /**
     * The container's system bus, reachable from this JVM: {@code unix:path=/proc/<leader>/root/run/dbus/system_bus_socket}.
     * systemd1, network1 and machine1 answer there.
     */
    public String busAddress() {
        return busAddress;
    }

    /** The container's / as seen from the host (an overlay mount): place /etc, /usr and /var files here. */
    public Path root() {
        return root;
    }

    /** The container's /run as seen from the host: place /run files here (not under {@link #root()}). */
    public Path runDir() {
        return runDir;
    }

    /**
     * Runs {@code command} inside the container (all its namespaces, a clean environment) and returns
     * its exit code and output. A non-zero exit code is a result, not an exception.
     *
     * @throws UncheckedIOException when the command cannot be run at all or does not finish in 2 min
     */
    public ExecResult exec(String... command) {
        if (command.length == 0) {
            throw new IllegalArgumentException("exec needs a command");
        }
        List<String> line = new ArrayList<>(List.of(script.toString(), "exec", name));
        line.addAll(Arrays.asList(command));
        try {
            ExecResult result = ExternalCommand.run(script.getParent().getParent().toFile(), EXEC_DEADLINE, line);
            // Report the command as the test wrote it, not the bin/testhost wrapper around it.
            return new ExecResult(List.of(command), result.exitCode(), result.stdout(), result.stderr());
        } catch (IOException e) {
            throw new UncheckedIOException("in test host " + name + ": " + e.getMessage(), e);
        }
    }

    /** {@code systemctl --no-pager ARGS...} inside the container. */
    public ExecResult systemctl(String... args) {
        List<String> line = new ArrayList<>(List.of("systemctl", "--no-pager"));
        line.addAll(Arrays.asList(args));
        return exec(line.toArray(String[]::new));
    }

    /**
     * The journal of {@code unit} since the container booted, one message per line. The journal is
     * synced first, so whatever the unit logged before this call is in the answer.
     */
    public String journal(String unit) {
        exec("journalctl", "--sync").requireSuccess();
        return exec("journalctl", "--no-pager", "--boot", "--no-hostname", "--unit=" + unit)
                .requireSuccess().stdout();
    }

    /**
     * Stops the container and removes its overlay mount, its /run/bbh-testhost/NAME folder and the
     * folder nspawn leaves in /run/systemd/nspawn/propagate. Safe to call more than once.
     *
     * @throws IllegalStateException when bin/testhost stop fails (its message says what is left)
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is exiting and the hook runs (or ran) anyway; stopping twice is harmless.
        }
        ExecResult stopped;
        try {
            stopped = ExternalCommand.run(script.getParent().getParent().toFile(), STOP_DEADLINE,
                    List.of(script.toString(), "stop", name));
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop test host " + name, e);
        }
        if (!stopped.succeeded()) {
            throw new IllegalStateException("test host " + name + " did not stop cleanly: " + stopped.describe());
        }
    }

    @Override
    public String toString() {
        return "TestHost[" + name + ", leader " + leaderPid + "]";
    }

    private void stopQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            System.err.println("testhost " + name + ": " + e.getMessage());
        }
    }

    /** Reads bin/testhost start's key=value lines; every key of {@link #ENV_KEYS} must be there. */
    private static Map<String, String> parseEnv(ExecResult started) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : started.stdout().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        for (String key : ENV_KEYS) {
            if (env.get(key) == null || env.get(key).isEmpty()) {
                throw new IOException("bin/testhost start printed no " + key + "= line: " + started.describe());
            }
        }
        return env;
    }

    /**
     * bin/testhost of this checkout: below the folder named by the {@code bbh.workspace} system
     * property (the itest pom sets it), else in the nearest folder above the working directory that
     * has one.
     */
    private static Optional<Path> script() {
        String workspace = System.getProperty("bbh.workspace");
        if (workspace != null) {
            Path candidate = Paths.get(workspace).toAbsolutePath().normalize().resolve("bin/testhost");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("bin/testhost");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        return Arrays.stream(path.split(":"))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Paths.get(dir, program))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** Root is uid 0 in /proc/self/status ("Uid: real effective saved fs"; the effective one counts). */
    private static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.substring(4).trim().split("\\s+")[1].equals("0");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }
}
