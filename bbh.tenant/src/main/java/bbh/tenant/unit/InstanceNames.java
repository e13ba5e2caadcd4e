package bbh.tenant.unit;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * systemd-escape(1), exactly: the escaping that makes any string a part of a unit name, such as the
 * instance of a template ({@code %i} is the escaped form, {@code %I} the unescaped one).
 *
 * <p>Rules (systemd's {@code unit_name_escape()}): the string is taken as UTF-8 bytes; {@code /}
 * becomes {@code -}; ASCII letters, digits, {@code :}, {@code _} and {@code .} stay, except a
 * {@code .} at the very start; every other byte, {@code -} and {@code \} among them, becomes
 * {@code \xNN} with two lower-case hex digits. So {@code umbrella-research-lab} becomes
 * {@code umbrella\x2dresearch\x2dlab}, whose {@code %I} is {@code umbrella-research-lab} again.
 */
public final class InstanceNames {
    private InstanceNames() {}

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** {@code systemd-escape STRING}. */
    public static String escape(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        StringBuilder b = new StringBuilder(bytes.length + 16);
        for (int i = 0; i < bytes.length; i++) {
            int c = bytes[i] & 0xff;
            if (c == '/') {
                b.append('-');
            } else if (kept(c) && !(i == 0 && c == '.')) {
                b.append((char) c);
            } else {
                b.append('\\').append('x').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return b.toString();
    }

    /**
     * {@code systemd-escape --path PATH}: the path is simplified (repeated and trailing {@code /} and
     * {@code .} components dropped), then escaped without its leading {@code /}; {@code /} alone is
     * {@code -}. Unlike systemd-escape, which only warns, a relative path is refused.
     *
     * @throws IllegalArgumentException for a relative path, a {@code ..} component or a NUL
     */
    public static String escapePath(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("not an absolute path: '" + path + "'");
        }
        if (path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a path holds a NUL character");
        }
        List<String> parts = new ArrayList<>();
        for (String p : path.split("/")) {
            if (p.equals("..")) {
                throw new IllegalArgumentException("a path with a '..' component cannot be escaped: '" + path + "'");
            }
            if (!p.isEmpty() && !p.equals(".")) {
                parts.add(p);
            }
        }
        return parts.isEmpty() ? "-" : escape(String.join("/", parts));
    }

    /**
     * {@code systemd-escape --unescape STRING}: {@code -} becomes {@code /}, {@code \xNN} (either case)
     * the byte NN; the bytes must be UTF-8.
     *
     * @throws IllegalArgumentException for a {@code \} not starting {@code \xNN}, a NUL (systemd would
     *     cut the string there), or bytes that are not UTF-8
     */
    public static String unescape(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        byte[] in = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < in.length; i++) {
            int c = in[i] & 0xff;
            if (c == '-') {
                out.write('/');
            } else if (c == '\\') {
                int hi = i + 3 < in.length && in[i + 1] == 'x' ? Character.digit(in[i + 2], 16) : -1;
                int lo = hi >= 0 ? Character.digit(in[i + 3], 16) : -1;
                if (lo < 0) {
                    throw new IllegalArgumentException("bad escape at character " + (i + 1) + " of '" + s + "'; expected \\xNN");
                }
                int v = hi << 4 | lo;
                if (v == 0) {
                    throw new IllegalArgumentException("'" + s + "' escapes a NUL character");
                }
                out.write(v);
                i += 3;
            } else {
                out.write(c);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("'" + s + "' unescapes to bytes that are not UTF-8", e);
        }
    }

    /**
     * {@code systemd-escape --unescape --path STRING}: {@code -} is {@code /}; otherwise the unescaped
     * string must not start or end with {@code /} and, with a {@code /} put in front, be a normalized
     * absolute path.
     */
    public static String unescapePath(String s) {
        if (s.equals("-")) {
            return "/";
        }
        String u = unescape(s);
        String p = "/" + u;
        if (u.isEmpty() || u.startsWith("/") || u.endsWith("/") || p.contains("//")
                || ("/" + u + "/").contains("/./") || ("/" + u + "/").contains("/../")) {
            throw new IllegalArgumentException("'" + s + "' does not unescape to a normalized absolute path");
        }
        return p;
    }

    private static boolean kept(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ':' || c == '_' || c == '.';
    }
}
