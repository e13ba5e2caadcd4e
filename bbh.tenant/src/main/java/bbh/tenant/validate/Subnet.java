package bbh.tenant.validate;

import java.math.BigInteger;

/**
 * An IPv4 or IPv6 subnet in CIDR notation with host bits zero, as the range of addresses it holds.
 *
 * @param text as written in metadata.json
 * @param bits 32 for IPv4, 128 for IPv6: subnets of different families never overlap
 * @param first the lowest address, as an unsigned number
 * @param last the highest address
 */
record Subnet(String text, int bits, BigInteger first, BigInteger last) {

    /** True when the two subnets share at least one address. */
    boolean overlaps(Subnet o) {
        return bits == o.bits && first.compareTo(o.last) <= 0 && o.first.compareTo(last) <= 0;
    }

    /** Parses {@code address/prefix}; throws IllegalArgumentException saying what is wrong. */
    static Subnet parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0 || slash != text.lastIndexOf('/')) {
            throw new IllegalArgumentException("CIDR notation is an address, '/' and a prefix length");
        }
        byte[] address = IpAddresses.parse(text.substring(0, slash));
        int bits = address.length * 8;
        String len = text.substring(slash + 1);
        if (len.isEmpty() || len.length() > 3 || !IpAddresses.allDigits(len)
                || (len.length() > 1 && len.charAt(0) == '0')) {
            throw new IllegalArgumentException("the prefix length is a number 0 to " + bits);
        }
        int prefix = Integer.parseInt(len);
        if (prefix > bits) {
            throw new IllegalArgumentException("the prefix length is a number 0 to " + bits);
        }
        BigInteger value = new BigInteger(1, address);
        BigInteger hostMask = BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
        BigInteger first = value.andNot(hostMask);
        if (!first.equals(value)) {
            throw new HostBitsSet(format(first, address.length) + "/" + prefix);
        }
        return new Subnet(text, bits, first, first.or(hostMask));
    }

    /** The subnet was written with host bits set; {@link #network()} is what was likely meant. */
    static final class HostBitsSet extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String network;

        HostBitsSet(String network) {
            super("host bits must be zero");
            this.network = network;
        }

        /** The subnet with host bits cleared, e.g. {@code 10.1.0.0/24} for {@code 10.1.0.7/24}. */
        String network() {
            return network;
        }
    }

    /** An address in the usual text form: dotted quad, or IPv6 groups with the longest zero run as '::'. */
    static String format(BigInteger value, int bytes) {
        byte[] raw = value.toByteArray();
        byte[] b = new byte[bytes];
        int copy = Math.min(raw.length, bytes);
        System.arraycopy(raw, raw.length - copy, b, bytes - copy, copy);
        if (bytes == 4) {
            return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
        }
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = (b[2 * i] & 0xff) << 8 | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1; // RFC 5952: '::' only for two or more zero groups
        for (int i = 0; i < 8; ) {
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
