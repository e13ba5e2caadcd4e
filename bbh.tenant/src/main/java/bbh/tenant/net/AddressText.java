package bbh.tenant.net;

/**
 * An IP address in its usual text form, from its bytes: a dotted quad for IPv4; for IPv6 lower-case
 * hex groups without leading zeros and the longest run of two or more zero groups (the first of equal
 * runs) as {@code ::}, as RFC 5952 and networkctl write it. One form for validation messages, the
 * network stage's files and what networkd and machined report.
 */
public final class AddressText {
    private AddressText() {}

    /**
     * @param address 4 or 16 bytes, network order
     * @throws IllegalArgumentException for any other length
     */
    public static String of(byte[] address) {
        if (address.length == 4) {
            return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "." + (address[3] & 0xff);
        }
        if (address.length != 16) {
            throw new IllegalArgumentException("an address of 4 or 16 bytes was expected, found " + address.length);
        }
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = (address[2 * i] & 0xff) << 8 | (address[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1; // '::' only for two or more zero groups
        for (int i = 0; i < 8;) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLen - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(g[i]));
        }
        return s.toString();
    }
}
