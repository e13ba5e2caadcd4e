package bbh.vmspawn;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * A booted systemd 252 from {@code bin/testhost} (Debian 12 in systemd-nspawn), for the tests that
 * must see what systemd and networkd make of the backend's files; or, with an environment naming
 * another root file system ({@code BBH_TESTHOST_ROOTFS}), that one booted the same way. Skipped where
 * none can run: not root, no systemd-nspawn, no cached root file system.
 */
final class BootedHost implements AutoCloseable {

    private static final Path SCRIPT = Path.of("../bin/testhost").toAbsolutePath().normalize();

    final String name;
    final String bus;
    /** The container's / on disk (an overlay): /etc files go here. */
    final Path root;
    /** The container's / as its own processes see it, /run (a tmpfs of its own) included. */
    final Path rootAsSeenInside;

    private BootedHost(String name, String bus, Path root, Path rootAsSeenInside) {
        this.name = name;
        this.bus = bus;
        this.root = root;
        this.rootAsSeenInside = rootAsSeenInside;
    }

    static BootedHost start(String prefix) throws Exception {
        Assumptions.assumeTrue(Tool.testhostRootfs() != null, "no cached test host root file system (bin/testhost rootfs)");
        return start(prefix, Map.of());
    }

    /** {@code bin/testhost start} with {@code env} (BBH_TESTHOST_ROOTFS, TESTHOST_NSPAWN_ARGS, ...). */
    static BootedHost start(String prefix, Map<String, String> env) throws Exception {
        Assumptions.assumeTrue(Tool.exists("systemd-nspawn"), "systemd-nspawn is not installed");
        Assumptions.assumeTrue(Tool.root(), "not root");
        String name = prefix + "-" + ProcessHandle.current().pid();
        Tool t = Tool.run(List.of(SCRIPT.toString(), "start", name), env, 300);
        if (t.exitCode() != 0) {
            throw new IOException("test host " + name + " did not start: " + t.stderr());
        }
        Map<String, String> values = new HashMap<>();
        for (String line : t.stdout().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return new BootedHost(name, values.get("bus"), Path.of(values.get("root")), Path.of("/proc", values.get("leader"), "root"));
    }

    Tool exec(String... command) throws Exception {
        return execWithin(120, command);
    }

    /** Runs {@code command} inside; the Java side gives up after {@code deadlineSeconds}. */
    Tool execWithin(long deadlineSeconds, String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(SCRIPT.toString(), "exec", name));
        cmd.addAll(List.of(command));
        return Tool.run(cmd, Map.of(), deadlineSeconds);
    }

    @Override
    public void close() throws Exception {
        Tool t = Tool.run(List.of(SCRIPT.toString(), "stop", name));
        if (t.exitCode() != 0) {
            throw new IOException("test host " + name + " did not stop: " + t.stderr());
        }
    }
}
