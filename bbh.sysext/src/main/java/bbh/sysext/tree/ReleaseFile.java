package bbh.sysext.tree;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An extension-release file as os-release(5) describes its syntax: {@code KEY=value} lines, values
 * optionally in double or single quotes, {@code #} comments and blank lines.
 *
 * @param values the keys in file order
 * @param lines each key's 1-based line
 */
public record ReleaseFile(Map<String, String> values, Map<String, Integer> lines) {

    private static final Pattern KEY = Pattern.compile("[A-Z][A-Z0-9_]*");

    /** A line the file could not be read at. */
    public static final class SyntaxError extends Exception {
        private static final long serialVersionUID = 1L;
        private final int line;

        SyntaxError(int line, String message) {
            super(message);
            this.line = line;
        }

        /** 1-based. */
        public int line() {
            return line;
        }
    }

    /** Parses {@code text}. */
    public static ReleaseFile parse(String text) throws SyntaxError {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        String[] all = text.split("\n", -1);
        for (int i = 0; i < all.length; i++) {
            String line = all[i].strip();
            int no = i + 1;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new SyntaxError(no, "KEY=value expected");
            }
            String key = line.substring(0, eq);
            if (!KEY.matcher(key).matches()) {
                throw new SyntaxError(no, "a key of capital letters, digits and _ expected, found '" + key + "'");
            }
            String value = unquote(line.substring(eq + 1), no);
            if (values.put(key, value) != null) {
                throw new SyntaxError(no, key + " given twice; once expected");
            }
            lines.put(key, no);
        }
        return new ReleaseFile(Collections.unmodifiableMap(values), Collections.unmodifiableMap(lines));
    }

    /** The value of {@code key}, null when absent. */
    public String get(String key) {
        return values.get(key);
    }

    /**
     * The version an image built from the tree is named with: {@code SYSEXT_VERSION_ID} (or
     * {@code CONFEXT_VERSION_ID}), else {@code VERSION_ID}, else the level, else {@code 0}. Already
     * checked by {@link TreeCheck} to be safe in a file name.
     */
    public String imageVersion(ExtensionType type) {
        for (String key : List.of(type == ExtensionType.SYSEXT ? "SYSEXT_VERSION_ID" : "CONFEXT_VERSION_ID",
                "VERSION_ID", type.levelKey())) {
            String v = values.get(key);
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return "0";
    }

    /** The line of {@code key}, 0 when absent. */
    public int line(String key) {
        return lines.getOrDefault(key, 0);
    }

    private static String unquote(String v, int line) throws SyntaxError {
        if (v.length() >= 1 && (v.charAt(0) == '"' || v.charAt(0) == '\'')) {
            char q = v.charAt(0);
            if (v.length() < 2 || v.charAt(v.length() - 1) != q) {
                throw new SyntaxError(line, "a closing " + q + " expected");
            }
            return v.substring(1, v.length() - 1);
        }
        if (v.chars().anyMatch(c -> c == ' ' || c == '"' || c == '\'' || c == '\\' || c == '$' || c == '`')) {
            throw new SyntaxError(line, "a value with spaces or shell characters must be quoted");
        }
        return v;
    }
}
