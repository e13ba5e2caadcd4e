package bbh.runtime.launch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.Iterator;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

/**
 * The operator's configuration of the host, from a folder of JSON files (launch property
 * {@link LaunchProperties#CONFIG}): {@code <pid>.json} configures a PID, {@code <factoryPid>~<name>.json}
 * one factory configuration (e.g. {@code bbh.nspawn.tenant~acme.json}). Each file holds one JSON
 * object of properties: strings, numbers, booleans, or arrays of strings.
 *
 * <p>This is where uplinks, reserved ranges, host extensions and privileged machine settings come
 * from: never from the tenant repository. Files are applied in name order; a configuration whose
 * values did not change is not updated, so its component is not restarted. When a file is not
 * valid, nothing is applied and the message names it: a host half configured is worse than one
 * that waits for its operator.
 */
final class OperatorConfiguration {
    private OperatorConfiguration() {}

    /** A PID or factory PID: dotted words, as OSGi names them. */
    private static final Pattern PID = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");
    /** A factory configuration's name. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One file's configuration. */
    record Entry(Path file, String pid, String factoryName, Hashtable<String, Object> properties) {}

    /**
     * Reads every {@code *.json} file of {@code folder}, sorted by name.
     *
     * @throws UsageException naming the file, and the property, that is not valid
     */
    static List<Entry> read(Path folder) throws UsageException {
        if (!Files.isDirectory(folder)) {
            throw new UsageException(LaunchProperties.CONFIG + ": " + folder + ": a folder of <pid>.json files was expected");
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(folder, "*.json")) {
            s.forEach(files::add);
        } catch (IOException e) {
            throw new UsageException(LaunchProperties.CONFIG + ": " + folder + ": " + e.getMessage());
        }
        files.sort(null);
        List<Entry> entries = new ArrayList<>();
        for (Path f : files) {
            entries.add(entry(f));
        }
        return entries;
    }

    /**
     * Applies {@code entries} to ConfigurationAdmin, bound to no bundle in particular, and waits up to
     * {@code wait} in all for each to be in effect ({@link ConfigurationInEffect}); names on stderr
     * those that are not, which no bundle here consumes or whose component refused them.
     */
    static void apply(ServiceComponentRuntime scr, ConfigurationAdmin admin, List<Entry> entries, Duration wait)
            throws IOException, InterruptedException {
        Map<String, Entry> applied = new LinkedHashMap<>();
        for (Entry e : entries) {
            Configuration c = e.factoryName() == null
                    ? admin.getConfiguration(e.pid(), LaunchConfiguration.ANY_BUNDLE)
                    : admin.getFactoryConfiguration(e.pid(), e.factoryName(), LaunchConfiguration.ANY_BUNDLE);
            c.updateIfDifferent(e.properties());
            applied.put(c.getPid(), e);
        }
        long deadline = System.nanoTime() + wait.toNanos();
        for (Map.Entry<String, Entry> a : applied.entrySet()) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            if (!ConfigurationInEffect.await(scr, a.getKey(), a.getValue().properties(), left)) {
                System.err.println("bbh: " + a.getValue().file() + ": no component took configuration " + a.getKey()
                        + " within " + wait.toSeconds() + " s (no bundle here uses it, or it refused the values: see the log)");
            }
        }
    }

    private static Entry entry(Path file) throws UsageException {
        String base = file.getFileName().toString();
        base = base.substring(0, base.length() - ".json".length());
        int tilde = base.indexOf('~');
        String pid = tilde < 0 ? base : base.substring(0, tilde);
        String name = tilde < 0 ? null : base.substring(tilde + 1);
        if (!PID.matcher(pid).matches() || (name != null && !NAME.matcher(name).matches())) {
            throw new UsageException(file + ": the name must be <pid>.json or <factoryPid>~<name>.json");
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UsageException(file + ": not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new UsageException(file + ": a JSON object of properties was expected");
        }
        Map<String, Object> sorted = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            sorted.put(f.getKey(), value(file, f.getKey(), f.getValue()));
        }
        return new Entry(file, pid, name, new Hashtable<>(sorted));
    }

    private static Object value(Path file, String key, JsonNode v) throws UsageException {
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isIntegralNumber() && v.canConvertToInt()) {
            return v.intValue();
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.longValue();
        }
        if (v.isArray()) {
            String[] items = new String[v.size()];
            for (int i = 0; i < items.length; i++) {
                if (!v.get(i).isTextual()) {
                    throw new UsageException(file + ": " + key + "[" + i + "]: a string was expected");
                }
                items[i] = v.get(i).textValue();
            }
            return items;
        }
        throw new UsageException(file + ": " + key + ": a string, a whole number, a boolean or an array of strings was expected");
    }
}
