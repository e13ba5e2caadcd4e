package bbh.machine.stage;

import bbh.api.stage.HostLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The last lines a unit logged, for a failure's reason: {@code journalctl -u UNIT -n N -o cat}.
 * For a host under a root prefix (a test host's tree) with {@code --root=}, which reads the
 * journals below it. There is no journal API on D-Bus; journalctl is systemd's own reader.
 * Best effort: when journalctl is missing, slow or finds nothing, the reason goes without lines.
 */
final class JournalTail {

    private static final long DEADLINE_SECONDS = 5;

    private JournalTail() {}

    /** Up to {@code lines} last messages of {@code unit} since the current boot; empty when none. */
    static List<String> of(HostLayout host, String unit, int lines) {
        if (lines <= 0) {
            return List.of();
        }
        List<String> command = new ArrayList<>(List.of("journalctl", "--no-pager", "--quiet", "--output=cat",
                "--lines=" + lines, "--unit=" + unit));
        if (!host.root().equals(Path.of("/"))) {
            command.add("--root=" + host.root());
        }
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return List.of();
            }
            return new String(out, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }
}
