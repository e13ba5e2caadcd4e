package bbh.tenant.units;

import java.math.BigInteger;

/**
 * A storage quota as metadata.json writes it ({@code 10G}: digits with an optional K, M, G or T,
 * base 1024, as systemd writes sizes) in bytes, for the storage helper's {@code truncate -s} and its
 * shell arithmetic, which is signed 64-bit. At least {@link #MIN}: validation accepts any size, yet an
 * image too small for ext4 could never be made.
 */
final class StorageQuota {
    private StorageQuota() {}

    private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);
    /** Room for ext4's own metadata and journal; below it mkfs.ext4 fails or leaves no journal. */
    static final long MIN = 16L << 20;

    /** The byte count of {@code size}. */
    static long bytes(String size) {
        if (!size.matches("[0-9]+[KMGT]?")) {
            throw new IllegalArgumentException("expected digits with an optional K, M, G or T; found '" + size + "'");
        }
        char last = size.charAt(size.length() - 1);
        int shift = switch (last) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            case 'T' -> 40;
            default -> 0;
        };
        BigInteger b = new BigInteger(shift == 0 ? size : size.substring(0, size.length() - 1)).shiftLeft(shift);
        if (b.compareTo(BigInteger.valueOf(MIN)) < 0) {
            throw new IllegalArgumentException("expected at least 16M, room for an ext4 file system and its journal; found '"
                    + size + "'");
        }
        if (b.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("expected at most 8E minus one byte (what shell arithmetic holds); found '"
                    + size + "'");
        }
        return b.longValueExact();
    }
}
