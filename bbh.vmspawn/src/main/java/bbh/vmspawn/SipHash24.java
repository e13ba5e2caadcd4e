package bbh.vmspawn;

/**
 * SipHash-2-4 with a 128-bit key, as systemd's {@code siphash24()} computes it (and the reference
 * implementation by Aumasson and Bernstein): the 64-bit result as a number, bytes read little-endian.
 * Needed only to predict the names systemd gives to interfaces ({@link TapNames}).
 */
final class SipHash24 {
    private SipHash24() {}

    /** SipHash-2-4 of {@code data} under the 16-byte {@code key}. */
    static long hash(byte[] data, byte[] key) {
        if (key.length != 16) {
            throw new IllegalArgumentException("a SipHash key has 16 bytes, not " + key.length);
        }
        long k0 = le64(key, 0);
        long k1 = le64(key, 8);
        long v0 = 0x736f6d6570736575L ^ k0;
        long v1 = 0x646f72616e646f6dL ^ k1;
        long v2 = 0x6c7967656e657261L ^ k0;
        long v3 = 0x7465646279746573L ^ k1;
        int full = data.length - data.length % 8;
        for (int i = 0; i < full; i += 8) {
            long m = le64(data, i);
            v3 ^= m;
            for (int r = 0; r < 2; r++) {
                v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
                v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
                v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
                v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
            }
            v0 ^= m;
        }
        long last = ((long) data.length & 0xff) << 56;
        for (int i = full; i < data.length; i++) {
            last |= (data[i] & 0xffL) << (8 * (i - full));
        }
        v3 ^= last;
        for (int r = 0; r < 2; r++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        v0 ^= last;
        v2 ^= 0xff;
        for (int r = 0; r < 4; r++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        return v0 ^ v1 ^ v2 ^ v3;
    }

    private static long le64(byte[] b, int at) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | (b[at + i] & 0xffL);
        }
        return v;
    }
}
