package bbh.api.stage;

import java.util.Arrays;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The files that make one tenant's machine, as a {@link MachineBackend} renders them.
 *
 * @param unitDropIn the content of the drop-in {@code tenant-vm@<id>.service.d/60-machine.conf}
 *     (runtime level) that makes the template start this backend's machine: its
 *     {@code ExecStart=} and what else the backend needs. It must register the machine with
 *     machined under the tenant's id.
 * @param files further files, by path relative to the host's root (e.g.
 *     {@code etc/systemd/nspawn/<id>.nspawn}) to their content; sorted; may be empty. Each path must
 *     be normalized and relative, and belong to this tenant alone.
 */
public record MachinePlan(String unitDropIn, SortedMap<String, String> files) {

    public MachinePlan {
        Objects.requireNonNull(unitDropIn, "unitDropIn");
        TreeMap<String, String> sorted = files == null ? new TreeMap<>() : new TreeMap<>(files);
        sorted.keySet().forEach(MachinePlan::requireNormalizedRelative);
        files = Collections.unmodifiableSortedMap(sorted);
    }

    /** A plan of the drop-in alone. */
    public MachinePlan(String unitDropIn) {
        this(unitDropIn, new TreeMap<>());
    }

    private static void requireNormalizedRelative(String path) {
        boolean bad = path.isEmpty() || path.startsWith("/")
                || Arrays.stream(path.split("/", -1)).anyMatch(p -> p.isEmpty() || p.equals(".") || p.equals(".."));
        if (bad) {
            throw new IllegalArgumentException("not a normalized relative path: " + path);
        }
    }
}
