package bbh.tenant.validate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Address and subnet parsing by text alone. */
class SubnetTest {

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "10.101.0.1", "255.255.255.255", "::", "::1", "1::", "fd00:101::1",
        "2001:db8:0:0:1:0:0:1", "::ffff:10.0.0.1", "64:ff9b::192.0.2.33", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:1.2.3.4",
        "FD00::ABCD"})
    void acceptsWhatTheJdkReadsAsTheSameBytes(String literal) throws UnknownHostException {
        // Only literals here, so InetAddress resolves nothing; it is the reference for the bytes.
        byte[] expected = InetAddress.getByName(literal).getAddress();
        byte[] parsed = IpAddresses.parse(literal);
        if (expected.length == 4 && parsed.length == 16) {
            // The JDK folds IPv4-mapped IPv6 addresses to IPv4; compare the mapped part.
            byte[] tail = new byte[4];
            System.arraycopy(parsed, 12, tail, 0, 4);
            parsed = tail;
        }
        assertArrayEquals(expected, parsed, literal);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "256.0.0.1", "01.2.3.4", "1..2.3", "1.2.3.4 ", "-1.2.3.4",
        "localhost", "dns.example", ":::", "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7::8", "12345::", "g::1",
        "fe80::1%eth0", ":1:2:3:4:5:6:7", "1:2:3:4:5:6:7:", "::1.2.3", "1.2.3.4::", "::1.2.3.4:5"})
    void refusesAnythingElse(String text) {
        assertThrows(IllegalArgumentException.class, () -> IpAddresses.parse(text), text);
    }

    @Test
    void subnetIsTheRangeOfItsAddresses() {
        Subnet s = Subnet.parse("10.1.0.0/16");
        assertEquals(32, s.bits());
        assertEquals(new BigInteger("0a010000", 16), s.first());
        assertEquals(new BigInteger("0a01ffff", 16), s.last());
        Subnet v6 = Subnet.parse("fd00::/8");
        assertEquals(128, v6.bits());
        assertEquals(BigInteger.ONE.shiftLeft(120).subtract(BigInteger.ONE), v6.last().subtract(v6.first()));
        assertEquals(BigInteger.ZERO, Subnet.parse("0.0.0.0/0").first());
        assertEquals(s.first(), Subnet.parse("10.1.0.0/32").last());
    }

    @Test
    void overlapIsSharingAnAddressWithinOneFamily() {
        assertTrue(Subnet.parse("10.1.0.0/16").overlaps(Subnet.parse("10.1.255.0/24")));
        assertTrue(Subnet.parse("10.1.0.0/24").overlaps(Subnet.parse("10.1.0.0/24")));
        assertFalse(Subnet.parse("10.0.0.0/25").overlaps(Subnet.parse("10.0.0.128/25")));
        assertFalse(Subnet.parse("0.0.0.0/0").overlaps(Subnet.parse("::/0")));
    }

    @Test
    void hostBitsNameTheNetworkMeant() {
        Subnet.HostBitsSet e = assertThrows(Subnet.HostBitsSet.class, () -> Subnet.parse("10.1.2.3/16"));
        assertEquals("10.1.0.0/16", e.network());
        assertEquals("fd00:1::/32", assertThrows(Subnet.HostBitsSet.class, () -> Subnet.parse("fd00:1:2::/32")).network());
        assertEquals("::/0", assertThrows(Subnet.HostBitsSet.class, () -> Subnet.parse("::1/0")).network());
        assertEquals("1:0:0:1::/64", assertThrows(Subnet.HostBitsSet.class, () -> Subnet.parse("1:0:0:1::5/64")).network());
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0", "10.0.0.0/", "10.0.0.0/33", "10.0.0.0/08", "10.0.0.0/-1", "10.0.0.0/8/8",
        "::/129", "/8", "10.0.0.0/1000"})
    void refusesBadPrefixes(String text) {
        assertThrows(IllegalArgumentException.class, () -> Subnet.parse(text), text);
    }
}
