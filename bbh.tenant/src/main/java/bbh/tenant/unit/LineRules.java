package bbh.tenant.unit;

/**
 * What keeps a line of a unit file one line, and one setting, as systemd reads it
 * (systemd.syntax(7), and systemd's {@code read_line()}, which ends a line at {@code \n}, at a lone
 * {@code \r} and at {@code \0}): no control characters, no line or paragraph separators, no
 * whitespace at either end (systemd strips it), and no odd run of backslashes at the end (systemd
 * joins the next line to it).
 */
final class LineRules {
    private LineRules() {}

    /**
     * True for a character no unit file line written by bbh may hold: U+0000..U+001F, U+007F,
     * U+0080..U+009F (C1 controls, among them U+0085 NEXT LINE), U+2028 and U+2029. The same set
     * validation refuses in metadata.json.
     */
    static boolean forbidden(int c) {
        return c <= 0x1F || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029;
    }

    /** Index of the first forbidden character of {@code s}, or -1; a tab is allowed when {@code allowTab}. */
    static int firstForbidden(String s, boolean allowTab) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (forbidden(c) && !(allowTab && c == '\t')) {
                return i;
            }
        }
        return -1;
    }

    /** systemd's whitespace inside a line: space and tab. */
    static boolean whitespace(char c) {
        return c == ' ' || c == '\t';
    }

    /** {@code s} without whitespace at either end. */
    static String strip(String s) {
        int b = 0;
        int e = s.length();
        while (b < e && whitespace(s.charAt(b))) {
            b++;
        }
        while (e > b && whitespace(s.charAt(e - 1))) {
            e--;
        }
        return s.substring(b, e);
    }

    /** True when systemd would join the next line to {@code s}: it ends in an odd run of backslashes. */
    static boolean continues(String s) {
        int n = 0;
        for (int i = s.length() - 1; i >= 0 && s.charAt(i) == '\\'; i--) {
            n++;
        }
        return n % 2 == 1;
    }

    /** {@code U+000A} for a character in a message. */
    static String codePoint(char c) {
        return String.format("U+%04X", (int) c);
    }

    /**
     * Checks that {@code s} can stand on one line between others: throws IllegalArgumentException
     * naming {@code what} and the first offending character otherwise.
     */
    static String requireOneLine(String what, String s, boolean allowTab) {
        int i = firstForbidden(s, allowTab);
        if (i >= 0) {
            throw new IllegalArgumentException(what + " holds control character " + codePoint(s.charAt(i))
                    + " at character " + (i + 1) + ": it could start a new line in a unit file");
        }
        if (!s.equals(strip(s))) {
            throw new IllegalArgumentException(what + " has whitespace at an end, which systemd strips: '" + s + "'");
        }
        if (continues(s)) {
            throw new IllegalArgumentException(what + " ends in a backslash, which joins the next line to it: '" + s + "'");
        }
        return s;
    }
}
