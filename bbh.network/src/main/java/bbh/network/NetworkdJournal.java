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
    /** Words networkd uses when something did not work (sd_log_*_errno messages, "ignoring ..."). */
    private static final java.util.regex.Pattern FAILURE =
            java.util.regex.Pattern.compile("(?i)fail|could not|cannot|not supported|error|invalid|ignoring");
    private static final long DEADLINE_SECONDS = 10;

    /**
     * networkd's messages since {@code since} that mention one of {@code words}: at most
     * {@value #MAX_LINES} distinct ones, those that say something failed first (in journal order), then
     * the last of the rest. Progress lines ("Link UP") come after a failure and would crowd it out; empty when there are none or journalctl cannot be run (the caller then
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
        return mostTelling(found);
    }

    /** The failures first, then the latest other lines, {@value #MAX_LINES} in all, each group in journal order. */
    static List<String> mostTelling(List<String> lines) {
        List<String> failures = new ArrayList<>();
        List<String> others = new ArrayList<>();
        // Each reload repeats what networkd could not read: a line said once is enough.
        for (String l : new java.util.LinkedHashSet<>(lines)) {
            (FAILURE.matcher(l).find() ? failures : others).add(l);
        }
        List<String> chosen = new ArrayList<>(failures.subList(0, Math.min(MAX_LINES, failures.size())));
        int room = MAX_LINES - chosen.size();
        chosen.addAll(others.subList(Math.max(0, others.size() - room), others.size()));
        return chosen;
    }
}
