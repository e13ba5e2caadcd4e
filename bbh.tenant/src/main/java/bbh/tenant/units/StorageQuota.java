package bbh.tenant.units;

import bbh.tenant.unit.SystemdSize;
import java.math.BigInteger;

/**
 * A storage quota as metadata.json writes it ({@code 10G}: digits with an optional K, M, G or T,
 * base 1024, as systemd writes sizes) in bytes, for the storage helper's {@code truncate -s} and its
 * shell arithmetic, which is signed 64-bit. At least {@link #MIN}: validation accepts any size, yet an
 * image too small for ext4 could never be made.
 */
public final class StorageQuota {
    private StorageQuota() {}

    private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);
    /** Room for ext4's own metadata and journal; below it mkfs.ext4 fails or leaves no journal. */
    static final long MIN = 16L << 20;

    /**
     * What is wrong with {@code size} as a storage quota, or null when it can be one. Validation
     * asks this, so a tenant is refused at validated rather than failing at units-written.
     */
    public static String problem(String size) {
        if (!size.matches("[0-9]+[KMGT]?")) {
            return "expected digits with an optional K, M, G or T; found \"" + size + "\"";
        }
        BigInteger b = SystemdSize.bytes(size);
        if (b.compareTo(BigInteger.valueOf(MIN)) < 0) {
            return "expected at least 16M, room for an ext4 file system and its journal; found \"" + size + "\"";
        }
        if (b.compareTo(MAX) > 0) {
            return "expected at most 8E minus one byte (what shell arithmetic holds); found \"" + size + "\"";
        }
        return null;
    }

    /** The byte count of {@code size}; throws IllegalArgumentException with {@link #problem}'s text. */
    static long bytes(String size) {
        String problem = problem(size);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return SystemdSize.bytes(size).longValueExact();
    }
}
