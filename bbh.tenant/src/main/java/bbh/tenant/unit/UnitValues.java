package bbh.tenant.unit;

import java.util.List;
import java.util.regex.Pattern;

/**
 * bbh's escapers: the only way to turn a value into a {@link UnitValue}, one method per kind of
 * value. Each either encodes what a unit file cannot hold as it is or refuses it with an
 * IllegalArgumentException; none lets a line break or other control character through, so no value
 * can start a new line, section or setting.
 *
 * <p>Which kind for which setting: {@link #text} for {@code Description=}; {@link #word} for single
 * tokens such as {@code Type=}; {@link #unitNames} for {@code Requires=}, {@code After=},
 * {@code Slice=}; {@link #path} for settings taking one path as it is ({@code WorkingDirectory=});
 * {@link #paths} for whitespace-separated path lists ({@code ReadWritePaths=},
 * {@code RequiresMountsFor=}); {@link #command} for {@code Exec*=}; {@link #environment} for
 * {@code Environment=}; {@link #integer}, {@link #size}, {@link #percentage}, {@link #bool} for
 * numbers and switches, which systemd reads without specifiers; {@link #deviceBandwidth} for
 * {@code IOReadBandwidthMax=} and {@code IOWriteBandwidthMax=}.
 */
public final class UnitValues {
    private UnitValues() {}

    private static final Pattern WORD = Pattern.compile("[^\\s\"'\\\\%$;]+");
    private static final Pattern UNIT_NAME = Pattern.compile(
            "[A-Za-z0-9:_.\\\\-]+(@[A-Za-z0-9:_.\\\\-]*)?\\.(service|socket|device|mount|automount|swap|target|path|timer|slice|scope)");
    private static final int UNIT_NAME_MAX = 255;
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern ENV_PLAIN = Pattern.compile("[A-Za-z0-9_./:=,+@-]*");
    private static final Pattern SIZE = Pattern.compile("[0-9]+[KMGTPE]?|infinity");
    private static final Pattern BANDWIDTH = Pattern.compile("[0-9]+[KMGT]?|infinity");
    private static final Pattern PERCENTAGE = Pattern.compile("[0-9]+(\\.[0-9]{1,2})?%");

    /**
     * Free text, for {@code Description=} and the like: whitespace at both ends is dropped (systemd
     * drops it too), {@code %} is doubled.
     *
     * @throws IllegalArgumentException for a control character or line break (no encoding exists in
     *     such settings), or a final backslash (it would join the next line)
     */
    public static UnitValue text(String s) {
        String t = LineRules.strip(s);
        int i = LineRules.firstForbidden(t, false);
        if (i >= 0) {
            throw new IllegalArgumentException("text holds control character " + LineRules.codePoint(t.charAt(i))
                    + " at character " + (i + 1) + "; a unit file cannot hold it");
        }
        return UnitValue.escaped(Specifiers.escape(t));
    }

    /**
     * One plain token: no whitespace, quotes, backslash, {@code %}, {@code $}, {@code ;} or control
     * characters. Refused rather than escaped, because what escaping a token means differs from
     * setting to setting.
     */
    public static UnitValue word(String w) {
        if (w == null || !WORD.matcher(w).matches() || LineRules.firstForbidden(w, false) >= 0) {
            throw new IllegalArgumentException("not a plain word: '" + w + "'");
        }
        return UnitValue.escaped(w);
    }

    /**
     * Unit names separated by spaces, for dependency settings and {@code Slice=}. Each name must be
     * valid as systemd.unit(5) says (escaped with {@link InstanceNames} where needed, at most 255
     * characters, with a unit type suffix).
     */
    public static UnitValue unitNames(List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no unit names");
        }
        for (String n : names) {
            if (!UNIT_NAME.matcher(n).matches() || n.length() > UNIT_NAME_MAX || n.startsWith("@")) {
                throw new IllegalArgumentException("not a valid unit name: '" + n + "'");
            }
        }
        return UnitValue.escaped(String.join(" ", names));
    }

    /** One unit name; see {@link #unitNames}. */
    public static UnitValue unitName(String name) {
        return unitNames(List.of(name));
    }

    /**
     * One path, for settings that take it as it is, without unquoting: absolute and normalized
     * (no empty, {@code .} or {@code ..} components, no final {@code /}), {@code %} doubled.
     *
     * @throws IllegalArgumentException for a relative or unnormalized path, or one holding
     *     whitespace, a quote, a backslash or a control character, which such settings cannot express
     */
    public static UnitValue path(String p) {
        checkPath(p);
        if (p.chars().anyMatch(c -> c == ' ' || c == '"' || c == '\'' || c == '\\')) {
            throw new IllegalArgumentException("a path holding whitespace, quotes or backslashes cannot be written here: '" + p + "'");
        }
        return UnitValue.escaped(Specifiers.escape(p));
    }

    /**
     * Paths for settings that split their value at whitespace and unquote each word: each path as
     * {@link #path} checks it, in double quotes with {@code \} and {@code "} escaped when it holds
     * whitespace, a quote or a backslash; {@code %} doubled.
     */
    public static UnitValue paths(List<String> paths) {
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("no paths");
        }
        StringBuilder b = new StringBuilder();
        for (String p : paths) {
            checkPath(p);
            if (b.length() > 0) {
                b.append(' ');
            }
            String e = Specifiers.escape(p);
            if (e.chars().anyMatch(c -> c == ' ' || c == '"' || c == '\'' || c == '\\')) {
                b.append('"').append(e.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            } else {
                b.append(e);
            }
        }
        return UnitValue.escaped(b.toString());
    }

    /** A command line for {@code ExecStart=} and friends; see {@link CommandLine}. */
    public static UnitValue command(List<String> argv) {
        return UnitValue.escaped(CommandLine.quote(argv));
    }

    /** A command line for {@code ExecStart=} and friends; see {@link CommandLine}. */
    public static UnitValue command(String... argv) {
        return command(List.of(argv));
    }

    /**
     * One {@code NAME=value} for {@code Environment=}, which splits at whitespace, unquotes and
     * resolves specifiers: quoted when the value is not plain, {@code \} and {@code "} escaped,
     * {@code %} doubled. {@code $} stays: systemd substitutes nothing in {@code Environment=}.
     *
     * @throws IllegalArgumentException for a name that is not a shell variable name, or a value
     *     holding a control character or line break
     */
    public static UnitValue environment(String name, String value) {
        if (name == null || !ENV_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not an environment variable name: '" + name + "'");
        }
        int i = LineRules.firstForbidden(value, false);
        if (i >= 0) {
            throw new IllegalArgumentException("environment value of " + name + " holds control character "
                    + LineRules.codePoint(value.charAt(i)) + " at character " + (i + 1));
        }
        String assignment = name + "=" + Specifiers.escape(value);
        if (ENV_PLAIN.matcher(value).matches()) {
            return UnitValue.escaped(assignment);
        }
        return UnitValue.escaped('"' + assignment.replace("\\", "\\\\").replace("\"", "\\\"") + '"');
    }

    /** A whole number. */
    public static UnitValue integer(long n) {
        return UnitValue.escaped(Long.toString(n));
    }

    /** A size such as {@code 2G}: digits with an optional K, M, G, T, P or E (base 1024), or {@code infinity}. */
    public static UnitValue size(String s) {
        if (s == null || !SIZE.matcher(s).matches()) {
            throw new IllegalArgumentException("not a size: '" + s + "'; expected digits with an optional K, M, G, T, P or E");
        }
        return UnitValue.escaped(s);
    }

    /**
     * A device and a bandwidth, for {@code IOReadBandwidthMax=} and {@code IOWriteBandwidthMax=}:
     * {@code <path> <bytes>}. systemd takes the first word (unquoting it) as the path and resolves
     * specifiers in it (seen in systemd 252: {@code %%} reads as {@code %}), so the path is checked
     * as {@link #path} does, with {@code %} doubled; the rest is the bandwidth, digits with an
     * optional K, M, G or T (base 1000 here, as systemd.resource-control(5) says), or
     * {@code infinity}.
     *
     * @throws IllegalArgumentException for a path {@link #path} refuses or a bandwidth that is not one
     */
    public static UnitValue deviceBandwidth(String device, String bandwidth) {
        UnitValue path = path(device);
        if (bandwidth == null || !BANDWIDTH.matcher(bandwidth).matches()) {
            throw new IllegalArgumentException("not a bandwidth: '" + bandwidth + "'; expected digits with an optional K, M, G or T");
        }
        return UnitValue.escaped(path.text() + " " + bandwidth);
    }

    /** A percentage such as {@code 200%}, for settings without specifiers ({@code CPUQuota=}). */
    public static UnitValue percentage(String s) {
        if (s == null || !PERCENTAGE.matcher(s).matches()) {
            throw new IllegalArgumentException("not a percentage: '" + s + "'; expected digits followed by '%'");
        }
        return UnitValue.escaped(s);
    }

    /** {@code yes} or {@code no}. */
    public static UnitValue bool(boolean b) {
        return UnitValue.escaped(b ? "yes" : "no");
    }

    private static void checkPath(String p) {
        int i = LineRules.firstForbidden(p, false);
        if (i >= 0) {
            throw new IllegalArgumentException("a path holds control character " + LineRules.codePoint(p.charAt(i))
                    + " at character " + (i + 1));
        }
        if (!p.startsWith("/") || (p.length() > 1 && p.endsWith("/")) || p.contains("//")
                || (p + "/").contains("/./") || (p + "/").contains("/../")) {
            throw new IllegalArgumentException("not an absolute, normalized path: '" + p + "'");
        }
    }
}
