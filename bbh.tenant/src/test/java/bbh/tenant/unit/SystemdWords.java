package bbh.tenant.unit;

import java.util.ArrayList;
import java.util.List;

/**
 * What systemd makes of an {@code Exec*=} value, written from systemd.service(5) and systemd's
 * {@code extract_first_word(EXTRACT_UNQUOTE|EXTRACT_CUNESCAPE)} independently of
 * {@link CommandLine}: words split at whitespace, quotes removed, C escapes decoded, then in each word
 * {@code %%} read as {@code %} and {@code $$} as {@code $}. Any other specifier or variable is refused
 * (the tests give none). A test oracle; bbh.tenant.units.UnitsInBootedSystemdTest checks both against systemd.
 */
public final class SystemdWords {
    private SystemdWords() {}

    public static List<String> argv(String value) {
        List<String> words = new ArrayList<>();
        for (String w : split(value)) {
            words.add(dollars(specifiers(w)));
        }
        return words;
    }

    static List<String> split(String s) {
        List<String> words = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (true) {
            while (i < n && " \t\n\r".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            if (i >= n) {
                return words;
            }
            StringBuilder w = new StringBuilder();
            char quote = 0;
            while (i < n) {
                char c = s.charAt(i);
                if (quote == 0 && " \t\n\r".indexOf(c) >= 0) {
                    break;
                }
                if (quote == 0 && (c == '"' || c == '\'')) {
                    quote = c;
                    i++;
                } else if (quote != 0 && c == quote) {
                    quote = 0;
                    i++;
                } else if (c == '\\') {
                    i = unescape(s, i + 1, w);
                } else {
                    w.append(c);
                    i++;
                }
            }
            if (quote != 0) {
                throw new IllegalArgumentException("unterminated quote in " + s);
            }
            words.add(w.toString());
        }
    }

    /** Decodes the escape after a backslash at {@code i}; returns the index after it. */
    private static int unescape(String s, int i, StringBuilder w) {
        char c = s.charAt(i);
        switch (c) {
            case 'a' -> w.append('\u0007');
            case 'b' -> w.append('\b');
            case 'f' -> w.append('\f');
            case 'n' -> w.append('\n');
            case 'r' -> w.append('\r');
            case 't' -> w.append('\t');
            case 'v' -> w.append('\u000b');
            case 's' -> w.append(' ');
            case '\\', '"', '\'' -> w.append(c);
            case 'x' -> {
                w.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                return i + 3;
            }
            case 'u' -> {
                w.appendCodePoint(Integer.parseInt(s.substring(i + 1, i + 5), 16));
                return i + 5;
            }
            default -> throw new IllegalArgumentException("escape \\" + c + " in " + s);
        }
        return i + 1;
    }

    private static String specifiers(String w) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < w.length(); i++) {
            char c = w.charAt(i);
            if (c == '%') {
                if (i + 1 >= w.length() || w.charAt(i + 1) != '%') {
                    throw new IllegalArgumentException("specifier in " + w);
                }
                i++;
            }
            b.append(c);
        }
        return b.toString();
    }

    private static String dollars(String w) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < w.length(); i++) {
            char c = w.charAt(i);
            if (c == '$') {
                if (i + 1 >= w.length() || w.charAt(i + 1) != '$') {
                    throw new IllegalArgumentException("variable in " + w);
                }
                i++;
            }
            b.append(c);
        }
        return b.toString();
    }
}
