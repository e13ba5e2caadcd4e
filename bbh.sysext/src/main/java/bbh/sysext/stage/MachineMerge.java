package bbh.sysext.stage;

import bbh.api.stage.HostLayout;
import bbh.api.systemd.JobResult;
import bbh.api.systemd.SystemdException;
import bbh.api.systemd.SystemdManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a tenant's running machine has merged, seen from inside it: bbh starts
 * {@code bbh-sysext-refresh@<id>.service} (refresh, then record) or {@code bbh-sysext-status@<id>.service}
 * (record only), which run {@code systemd-run --machine=<id>} and write, under
 * {@code /var/lib/bbh-sysext/machines/<id>/}, the machine's {@code systemd-sysext status --json=short}
 * and the SHA-256 of every extension-release file the machine sees. An image counts as merged when
 * the status lists its name and the machine sees the release file of the version bbh switched to,
 * byte for byte: a machine still showing the old version's release file has not taken the new one.
 * (Two versions with identical release files cannot be told apart this way: a new version should
 * bump {@code SYSEXT_VERSION_ID}.)
 */
final class MachineMerge {

    /** A refresh inside a machine unmerges and merges images: seconds, rarely more. */
    static final Duration TIMEOUT = Duration.ofSeconds(120);

    /**
     * A system extension bbh put in force for the machine.
     *
     * @param name the image's name ({@code <name>.raw})
     * @param releaseSha256 the SHA-256 of its extension-release file, from the tree at the commit
     */
    record Expected(String name, String releaseSha256) {}

    private MachineMerge() {}

    /** The ActiveState of the machine's unit {@code tenant-vm@<id>.service}: {@code active} while it runs. */
    static String machineState(SystemdManager sm, String unitInstance) throws SystemdException {
        return sm.activeState("tenant-vm@" + unitInstance + ".service");
    }

    /**
     * Starts {@code template}'s instance for the tenant (installing the units first) and checks what
     * it recorded; returns the confirmation, or throws with what the machine shows instead.
     *
     * @param gone sysext names bbh took away, which must no longer be merged
     */
    static String confirm(SystemdManager sm, HostLayout host, String id, String unitInstance, String template,
            List<Expected> expected, List<String> gone) throws SystemdException, IOException, MergeException {
        if (RefreshUnits.install(host)) {
            sm.reload();
        }
        String unit = template.replace("@.", "@" + unitInstance + ".");
        JobResult r = sm.start(unit, TIMEOUT);
        if (!r.done()) {
            throw new MergeException(unit + " ended with '" + r.result() + "' (journalctl -u " + unit
                    + "; inside the machine: journalctl -M " + id + ")");
        }
        Path folder = host.root().resolve(RefreshUnits.machineStatusFolder(id));
        Map<String, List<String>> merged = SysextStatus.parse(read(folder.resolve("sysext-status.json")));
        Map<String, String> releases = releases(read(folder.resolve("releases.sha256")));
        List<String> problems = problems(merged, releases, expected, gone);
        if (!problems.isEmpty()) {
            throw new MergeException(String.join("; ", problems) + " (systemd-sysext status inside: " + merged + ")");
        }
        return "systemd-sysext status inside lists " + names(expected) + ", release files as switched";
    }

    /** What the records show wrong; empty when every expected image is merged as switched and none of {@code gone} is. */
    static List<String> problems(Map<String, List<String>> merged, Map<String, String> releases, List<Expected> expected,
            List<String> gone) {
        Set<String> listed = new TreeSet<>();
        merged.values().forEach(listed::addAll);
        List<String> problems = new ArrayList<>();
        for (Expected e : expected) {
            String seen = releases.get("/usr/lib/extension-release.d/extension-release." + e.name());
            if (!listed.contains(e.name())) {
                problems.add("'" + e.name() + "' is not merged inside the machine (its systemd-sysext refused or skipped it:"
                        + " an ID=/VERSION_ID= that does not fit the machine's os-release, or no loop device)");
            } else if (seen == null) {
                problems.add("'" + e.name() + "' is listed as merged but the machine sees no extension-release." + e.name());
            } else if (!seen.equals(e.releaseSha256())) {
                problems.add("the machine sees another version of '" + e.name() + "' (its extension-release file has SHA-256 "
                        + seen.substring(0, 12) + ", the version switched to has " + e.releaseSha256().substring(0, 12) + ")");
            }
        }
        for (String g : gone) {
            if (listed.contains(g)) {
                problems.add("'" + g + "' was taken away but is still merged inside the machine");
            }
        }
        return problems;
    }

    /** sha256sum(1) lines: path to SHA-256. */
    static Map<String, String> releases(String sha256sum) {
        Map<String, String> out = new HashMap<>();
        for (String line : sha256sum.split("\n")) {
            int sp = line.indexOf("  ");
            if (sp == 64) {
                out.put(line.substring(66).strip(), line.substring(0, 64));
            }
        }
        return out;
    }

    private static List<String> names(List<Expected> expected) {
        return expected.stream().map(Expected::name).toList();
    }

    private static String read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " was not written by the unit that should record it");
        }
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    /** The machine did not merge what bbh switched to; the message says what it shows instead. */
    static final class MergeException extends Exception {
        private static final long serialVersionUID = 1L;

        MergeException(String message) {
            super(message);
        }
    }
}
