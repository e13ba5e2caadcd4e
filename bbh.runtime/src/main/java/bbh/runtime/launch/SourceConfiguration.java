package bbh.runtime.launch;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The properties of the configuration PID {@value #PID} that bbh.tenant's repository component
 * requires, computed from the launch properties: only what the command line gave, so bbh.tenant's
 * own defaults apply to the rest.
 */
final class SourceConfiguration {
    private SourceConfiguration() {}

    /** The configuration PID the tenant repository component requires. */
    static final String PID = "bbh.source";

    static final String LOCATION = "location";
    static final String BRANCH = "branch";
    static final String INTERVAL = "interval";
    static final String ROOT = "root";
    static final String STATE = "state";

    /**
     * The configuration's properties, sorted by key; empty when {@link LaunchProperties#REPO} is not
     * set (nothing to configure).
     *
     * @param launch looks up a launch property, null when unset
     * @throws UsageException when a property's value is malformed
     */
    static Optional<Map<String, Object>> from(Function<String, String> launch) throws UsageException {
        String repo = value(launch, LaunchProperties.REPO);
        if (repo == null) {
            return Optional.empty();
        }
        Path cwd = cwd(launch);
        Map<String, Object> p = new TreeMap<>();
        p.put(LOCATION, Locations.absoluteLocation(repo, cwd));
        String branch = value(launch, LaunchProperties.BRANCH);
        if (branch != null) {
            p.put(BRANCH, branch);
        }
        String root = value(launch, LaunchProperties.ROOT);
        if (root != null) {
            p.put(ROOT, Locations.absolutePath(root, cwd).toString());
        }
        String state = value(launch, LaunchProperties.STATE);
        if (state != null) {
            p.put(STATE, Locations.absolutePath(state, cwd).toString());
        }
        String interval = value(launch, LaunchProperties.INTERVAL);
        if (interval != null) {
            p.put(INTERVAL, seconds(LaunchProperties.INTERVAL, interval, 0));
        }
        return Optional.of(p);
    }

    /** The folder relative paths are relative to: {@link LaunchProperties#CWD}, else the process's own. */
    static Path cwd(Function<String, String> launch) {
        String cwd = value(launch, LaunchProperties.CWD);
        return Path.of(cwd != null ? cwd : "").toAbsolutePath();
    }

    /** The property's value, null when unset or blank. */
    static String value(Function<String, String> launch, String key) {
        String v = launch.apply(key);
        return v == null || v.isBlank() ? null : v.trim();
    }

    /** A whole number of seconds, at least {@code min}. */
    static Integer seconds(String key, String value, int min) throws UsageException {
        try {
            int n = Integer.parseInt(value);
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, with what was expected
        }
        throw new UsageException(key + ": a whole number of seconds, at least " + min + ", was expected, found '"
                + value + "'");
    }
}
