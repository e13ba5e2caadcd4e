package bbh.tenant.validate;

/**
 * Where a unit name listed in an {@code [Install]} setting stands in a unit file's text, so a
 * problem with it can point there: the parsed model keeps no positions. Looks at lines as written
 * (a name continued onto a later line with {@code \} is not found; the problem then has no place).
 */
final class InstallPlaces {
    private InstallPlaces() {}

    /** The place of the first {@code word} in a {@code key=} line of an {@code [Install]} section, or none. */
    static Position of(String text, String key, String word) {
        String section = null;
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            String stripped = line.strip();
            if (stripped.startsWith("[") && stripped.endsWith("]")) {
                section = stripped.substring(1, stripped.length() - 1);
                continue;
            }
            int eq = line.indexOf('=');
            if (!"Install".equals(section) || eq < 0 || !line.substring(0, eq).strip().equals(key)) {
                continue;
            }
            int i = eq + 1;
            while (i < line.length()) {
                while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
                    i++;
                }
                int end = i;
                while (end < line.length() && line.charAt(end) != ' ' && line.charAt(end) != '\t') {
                    end++;
                }
                if (end > i && line.substring(i, end).equals(word)) {
                    return new Position(n + 1, i + 1);
                }
                i = end;
            }
        }
        return Position.NONE;
    }
}
