package bbh.network;

import bbh.tenant.net.AddressText;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An address with a prefix length, {@code 10.101.0.0/24}: a subnet, or an interface's address in
 * one. Only for values validation has already checked (bbh.tenant's {@code NetworkRules}) or the
 * operator's configuration: the text must be an IP literal, which {@link InetAddress#getByName}
 * parses without asking DNS (it asks only for names, and a name is refused here first).
 *
 * @param address the address's 4 or 16 bytes as a number
 * @param bits 32 or 128
 * @param prefix the prefix length
 */
record Cidr(BigInteger address, int bits, int prefix) {

    /** Parses {@code address/prefix}, or an address alone as a host route ({@code /32}, {@code /128}). */
    static Cidr parse(String text) {
        int slash = text.indexOf('/');
        String a = slash < 0 ? text : text.substring(0, slash);
        if (a.isEmpty() || !a.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
            throw new IllegalArgumentException("not an IP address: '" + text + "'");
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(a).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: '" + text + "'", e);
        }
        int bits = bytes.length * 8;
        int prefix = slash < 0 ? bits : Integer.parseInt(text.substring(slash + 1));
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("prefix length out of range in '" + text + "'");
        }
        return new Cidr(new BigInteger(1, bytes), bits, prefix);
    }

    boolean ipv4() {
        return bits == 32;
    }

    /** The subnet's first address (host bits cleared). */
    BigInteger first() {
        return address.andNot(hostMask());
    }

    /** The subnet's last address. */
    BigInteger last() {
        return first().or(hostMask());
    }

    /** True when the two share an address. */
    boolean overlaps(Cidr o) {
        return bits == o.bits && first().compareTo(o.last()) <= 0 && o.first().compareTo(last()) <= 0;
    }

    /** The subnet's {@code n}-th address with this prefix, e.g. {@code 10.101.0.1/24} for n = 1. */
    Cidr host(long n) {
        return new Cidr(first().add(BigInteger.valueOf(n)), bits, prefix);
    }

    /** {@code other}'s address with this subnet's prefix: a gateway given alone, as an interface address. */
    Cidr withAddress(String other) {
        Cidr a = parse(other);
        return new Cidr(a.address, bits, prefix);
    }

    /** The address alone: a dotted quad, or IPv6 in RFC 5952's form (the longest run of zero groups as {@code ::}). */
    String addressText() {
        byte[] raw = address.toByteArray();
        byte[] b = new byte[bits / 8];
        int copy = Math.min(raw.length, b.length);
        System.arraycopy(raw, raw.length - copy, b, b.length - copy, copy);
        return AddressText.of(b);
    }

    /** {@code address/prefix}. */
    String text() {
        return addressText() + "/" + prefix;
    }

    /** {@code first/prefix}: the subnet itself. */
    String subnetText() {
        return new Cidr(first(), bits, prefix).text();
    }

    private BigInteger hostMask() {
        return BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
    }
}
