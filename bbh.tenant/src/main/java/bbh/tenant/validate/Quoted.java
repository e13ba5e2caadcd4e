package bbh.tenant.validate;

/**
 * Untrusted text made safe to show inside a one-line problem: in double quotes, with {@code "} and
 * {@code \} escaped, every character that is invisible or could break or disguise the line
 * (controls, line and paragraph separators, format characters such as bidi overrides, lone
 * surrogates, private-use and unassigned code points) written as {@code \}{@code uXXXX}, and cut after
 * {@value #MAX_SHOWN} characters.
 */
final class Quoted {
    private Quoted() {}

    /** How much of a value a problem shows. */
    static final int MAX_SHOWN = 64;

    /** {@code s} quoted and escaped for display. */
    static String of(String s) {
        return "\"" + escaped(s, MAX_SHOWN, true) + "\"";
    }

    /**
     * {@code s} escaped but not quoted, for text that merely may contain untrusted characters, such
     * as a parser's message quoting the input.
     */
    static String inline(String s, int max) {
        return escaped(s, max, false);
    }

    private static String escaped(String s, int max, boolean escapeQuotes) {
        int n = Math.min(s.length(), max);
        if (n < s.length() && Character.isHighSurrogate(s.charAt(n - 1))) {
            n--; // never cut a pair in two
        }
        StringBuilder b = new StringBuilder(n + 8);
        for (int i = 0; i < n; ) {
            int c = s.codePointAt(i);
            if (escapeQuotes && (c == '"' || c == '\\')) {
                b.append('\\').append((char) c);
            } else if (needsEscape(c)) {
                for (char unit : Character.toChars(c)) {
                    b.append(codeUnit(unit).replace("U+", "\\u"));
                }
            } else {
                b.appendCodePoint(c);
            }
            i += Character.charCount(c);
        }
        if (s.length() > n) {
            b.append("...");
        }
        return b.toString();
    }

    /** {@code U+000A} for a newline: how problems name a single character. */
    static String codeUnit(char c) {
        String hex = Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT);
        return "U+" + "0000".substring(hex.length()) + hex;
    }

    private static boolean needsEscape(int c) {
        switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED:
                return true;
            default:
                return false;
        }
    }
}
