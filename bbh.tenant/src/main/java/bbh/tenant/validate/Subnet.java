package bbh.tenant.validate;

import bbh.tenant.net.AddressText;
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
        return AddressText.of(b);
    }
}
