package bbh.sysext.stage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * systemd-sysext's (and systemd-confext's) own view of what is merged: the output of
 * {@code status --json=short}, e.g.
 * {@code [{"hierarchy":"/usr","extensions":["tools"],"since":1700000000000000}, {"hierarchy":"/opt","extensions":"none","since":null}]}
 * (systemd 252; hierarchy and extension names are paths and image names, which need no JSON
 * escapes).
 */
final class SysextStatus {
    private SysextStatus() {}

    private static final Pattern HIERARCHY = Pattern.compile(
            "\\{\\s*\"hierarchy\"\\s*:\\s*\"([^\"]*)\"\\s*,\\s*\"extensions\"\\s*:\\s*(\\[[^\\]]*\\]|\"none\")");
    private static final Pattern NAME = Pattern.compile("\"([^\"]*)\"");

    /** Merged image names by hierarchy ({@code /usr}, {@code /opt}, {@code /etc}). */
    static Map<String, List<String>> parse(String json) {
        Map<String, List<String>> out = new TreeMap<>();
        Matcher h = HIERARCHY.matcher(json);
        while (h.find()) {
            List<String> names = new ArrayList<>();
            if (h.group(2).startsWith("[")) {
                Matcher n = NAME.matcher(h.group(2));
                while (n.find()) {
                    names.add(n.group(1));
                }
            }
            out.put(h.group(1), List.copyOf(names));
        }
        return out;
    }
}
