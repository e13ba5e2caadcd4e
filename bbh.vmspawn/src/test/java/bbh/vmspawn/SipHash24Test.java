package bbh.vmspawn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Test vectors of the SipHash paper (Aumasson, Bernstein; appendix A) and of its reference implementation. */
class SipHash24Test {

    private static byte[] sequence(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    @Test
    void paperVectorOfFifteenBytes() {
        assertEquals(0xa129ca6149be45e5L, SipHash24.hash(sequence(15), sequence(16)));
    }

    @Test
    void referenceVectorsOfEveryTailLength() {
        // vectors_sip64[0], [7], [8], [63] of the reference implementation, as little-endian numbers.
        assertEquals(0x726fdb47dd0e0e31L, SipHash24.hash(sequence(0), sequence(16)));
        assertEquals(0xab0200f58b01d137L, SipHash24.hash(sequence(7), sequence(16)));
        assertEquals(0x93f5f5799a932462L, SipHash24.hash(sequence(8), sequence(16)));
        assertEquals(0x958a324ceb064572L, SipHash24.hash(sequence(63), sequence(16)));
    }
}
