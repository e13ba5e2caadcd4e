package bbh.tenant.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class AddressTextTest {

    private static String text(String literal) throws Exception {
        return AddressText.of(InetAddress.getByName(literal).getAddress());
    }

    @Test
    void theFormsOfRfc5952() throws Exception {
        assertEquals("10.101.0.146", text("10.101.0.146"));
        assertEquals("fe80::c072:adff:fe8c:55c9", text("fe80:0:0:0:c072:adff:fe8c:55c9"));
        assertEquals("2001:db8::1:0:0:1", text("2001:db8:0:0:1:0:0:1"), "the first of two equal runs");
        assertEquals("2001:db8:0:1:1:1:1:1", text("2001:db8:0:1:1:1:1:1"), "one zero group stays");
        assertEquals("::", text("::"));
        assertEquals("::1", text("::1"));
        assertEquals("fd00:102::", text("fd00:102::"));
    }

    @Test
    void onlyFourOrSixteenBytes() {
        assertThrows(IllegalArgumentException.class, () -> AddressText.of(new byte[5]));
    }
}
