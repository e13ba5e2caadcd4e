package bbh.tenant.unit;

import java.math.BigInteger;

/**
 * A size as systemd writes it in MemoryMax= and friends: a number of bytes with an optional
 * K, M, G or T suffix, base 1024 (systemd.resource-control(5)). The schema has checked the syntax
 * ({@code ^[1-9][0-9]*[KMGT]?$}) where it comes from metadata; this gives the byte count, for
 * comparing two sizes and for the storage quota's image.
 */
public final class SystemdSize {
    private SystemdSize() {}

    /** The byte count; BigInteger because the digits alone may not fit a long. */
    public static BigInteger bytes(String size) {
        char last = size.charAt(size.length() - 1);
        int shift = switch (last) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            case 'T' -> 40;
            default -> 0;
        };
        String digits = shift == 0 ? size : size.substring(0, size.length() - 1);
        return new BigInteger(digits).shiftLeft(shift);
    }
}
