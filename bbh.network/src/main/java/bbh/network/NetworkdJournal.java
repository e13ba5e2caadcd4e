package bbh.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What networkd logged about some links since a moment: the reason behind a link that did not come
 * up. networkd's D-Bus API reports a link's state but not why it failed ("Could not create stacked
 * netdev: Unknown device type" for a VLAN on a kernel without 802.1Q, "Failed to read private key"
 * for WireGuard), so the stage reads networkd's journal with journalctl, the journal's own reader.
 *
 * @param directory the journal's folder ({@code journalctl --directory}), or null for the local
 *     system's journal
 */
record NetworkdJournal(Path directory) {

    private static final int MAX_LINES = 5;
    private static final long DEADLINE_SECONDS = 10;

    /**
     * networkd's messages since {@code since} that mention one of {@code words}, the last
     * {@value #MAX_LINES}; empty when there are none or journalctl cannot be run (the caller then
     * reports the states alone).
     */
    List<String> mentioning(Collection<String> words, Instant since) {
        List<String> command = new ArrayList<>(List.of("journalctl", "--no-pager", "--output=cat",
                "--unit=systemd-networkd.service", "--since=@" + since.getEpochSecond()));
        if (directory != null) {
            command.add("--directory=" + directory);
        }
        List<String> found = new ArrayList<>();
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return List.of();
            }
            for (String line : out.split("\n")) {
                if (words.stream().anyMatch(line::contains)) {
                    found.add(line.strip());
                }
            }
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
        return found.size() > MAX_LINES ? found.subList(found.size() - MAX_LINES, found.size()) : found;
    }
}
