package bbh.tenant.units;

import bbh.tenant.unit.ExternalTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A booted systemd from {@code bin/testhost} (systemd-nspawn over the cached Debian root file system;
 * recipe in that script), for the few unit tests that must see what systemd itself makes of bbh's
 * files. bbh.itest has the full fixture; this module's tests only need start, exec and stop.
 * Skipped where no test host can run: not root, no bin/testhost, or no cached root file system
 * (building one needs a Debian mirror).
 */
final class BootedHost implements AutoCloseable {

    private static final Path SCRIPT = Path.of("../bin/testhost").toAbsolutePath().normalize();

    final String name;
    /** The container's / on disk (an overlay): place /etc and /usr files here. */
    final Path root;
    /** The container's own /run. */
    final Path run;

    private BootedHost(String name, Path root, Path run) {
        this.name = name;
        this.root = root;
        this.run = run;
    }

    static BootedHost start(String prefix) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(SCRIPT), "no bin/testhost at " + SCRIPT);
        Assumptions.assumeTrue(ExternalTool.exists("systemd-nspawn"), "systemd-nspawn is not installed");
        Assumptions.assumeTrue("0".equals(ExternalTool.run(List.of("id", "-u"), Map.of()).stdout().strip()), "not root");
        Path cache = Path.of(System.getenv().getOrDefault("BBH_CACHE", "/var/cache/bbh"), "testhost");
        boolean cached;
        try (Stream<Path> l = Files.isDirectory(cache) ? Files.list(cache) : Stream.empty()) {
            cached = l.anyMatch(p -> p.getFileName().toString().startsWith("rootfs-"));
        }
        Assumptions.assumeTrue(cached, "no cached test host root file system under " + cache + " (bin/testhost rootfs builds one)");
        String name = prefix + "-" + ProcessHandle.current().pid();
        ExternalTool t = ExternalTool.run(List.of(SCRIPT.toString(), "start", name), Map.of());
        if (t.exitCode() != 0) {
            throw new IOException("test host " + name + " did not start: " + t.stderr());
        }
        Map<String, String> env = new HashMap<>();
        for (String line : t.stdout().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return new BootedHost(name, Path.of(env.get("root")), Path.of(env.get("run")));
    }

    /** Runs {@code command} inside the host. */
    ExternalTool exec(String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(SCRIPT.toString(), "exec", name));
        cmd.addAll(List.of(command));
        return ExternalTool.run(cmd, Map.of());
    }

    /** {@code systemctl show -p NAME --value UNIT}. */
    String property(String unit, String property) throws Exception {
        return exec("systemctl", "show", "-p", property, "--value", unit).stdout().strip();
    }

    @Override
    public void close() throws Exception {
        ExternalTool t = ExternalTool.run(List.of(SCRIPT.toString(), "stop", name), Map.of());
        if (t.exitCode() != 0) {
            throw new IOException("test host " + name + " did not stop: " + t.stderr());
        }
    }
}
