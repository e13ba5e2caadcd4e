package bbh.tenant.validate;

/**
 * Parses IP address literals into bytes by their text alone. {@code InetAddress.getByName} is
 * never used: given anything but a literal it asks DNS, which validation must not do.
 *
 * <p>Accepted: IPv4 dotted quads of four decimal numbers 0..255 without leading zeros (which some
 * tools read as octal), and IPv6 in RFC 4291 section 2.2 text form, with at most one {@code ::} and
 * an optional dotted quad at the end. Zone ids ({@code %eth0}) are refused.
 */
final class IpAddresses {
    private IpAddresses() {}

    /** The address's 4 or 16 bytes; throws IllegalArgumentException saying what is wrong. */
    static byte[] parse(String s) {
        if (s.indexOf(':') >= 0) {
            return parseV6(s);
        }
        if (s.indexOf('.') >= 0) {
            return parseV4(s);
        }
        throw new IllegalArgumentException("neither an IPv4 nor an IPv6 address");
    }

    static byte[] parseV4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("an IPv4 address has 4 numbers separated by '.'");
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !allDigits(p)) {
                throw new IllegalArgumentException("each part of an IPv4 address is a number 0 to 255");
            }
            if (p.length() > 1 && p.charAt(0) == '0') {
                throw new IllegalArgumentException("IPv4 numbers are written without leading zeros");
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                throw new IllegalArgumentException("each part of an IPv4 address is a number 0 to 255");
            }
            b[i] = (byte) v;
        }
        return b;
    }

    static byte[] parseV6(String s) {
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            throw new IllegalArgumentException("an IPv6 address has at most one '::'");
        }
        String head = gap >= 0 ? s.substring(0, gap) : s;
        String tail = gap >= 0 ? s.substring(gap + 2) : "";
        int[] front = groups(head, gap < 0);
        int[] back = groups(tail, true);
        int total = front.length + back.length;
        if (gap < 0 ? total != 8 : total > 7) {
            throw new IllegalArgumentException(gap < 0 ? "an IPv6 address without '::' has 8 groups" : "too many groups for an IPv6 address with '::'");
        }
        byte[] b = new byte[16];
        for (int i = 0; i < front.length; i++) {
            put(b, i, front[i]);
        }
        for (int i = 0; i < back.length; i++) {
            put(b, 8 - back.length + i, back[i]);
        }
        return b;
    }

    /** The 16-bit groups of one side of '::'; a dotted quad may end the address (two groups). */
    private static int[] groups(String side, boolean mayEndInQuad) {
        if (side.isEmpty()) {
            return new int[0];
        }
        String[] parts = side.split(":", -1);
        int quad = mayEndInQuad && parts[parts.length - 1].indexOf('.') >= 0 ? 1 : 0;
        int[] g = new int[parts.length + quad];
        for (int i = 0; i < parts.length - quad; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 4 || !allHex(p)) {
                throw new IllegalArgumentException("each IPv6 group is 1 to 4 hex digits");
            }
            g[i] = Integer.parseInt(p, 16);
        }
        if (quad == 1) {
            byte[] v4 = parseV4(parts[parts.length - 1]);
            g[parts.length - 1] = (v4[0] & 0xff) << 8 | (v4[1] & 0xff);
            g[parts.length] = (v4[2] & 0xff) << 8 | (v4[3] & 0xff);
        }
        return g;
    }

    private static void put(byte[] b, int group, int value) {
        b[2 * group] = (byte) (value >> 8);
        b[2 * group + 1] = (byte) value;
    }

    static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean allHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }
}
