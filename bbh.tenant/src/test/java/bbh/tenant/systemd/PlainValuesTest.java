package bbh.tenant.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.ObjectPath;
import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.annotations.Position;
import org.freedesktop.dbus.types.UInt16;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.UInt64;
import org.freedesktop.dbus.types.Variant;
import org.junit.jupiter.api.Test;

/** dbus-java's values, as GetAll returns them in Variants, turned into plain Java. */
class PlainValuesTest {

    /** {@code (sasb)}: the first three fields of systemd's ExecStart entries. */
    public static final class Exec extends Struct {
        @Position(0)
        public final String path;
        @Position(1)
        public final List<String> argv;
        @Position(2)
        public final boolean ignoreFailure;

        public Exec(String path, List<String> argv, boolean ignoreFailure) {
            this.path = path;
            this.argv = argv;
            this.ignoreFailure = ignoreFailure;
        }
    }

    @Test
    void unsignedNumbersBecomeLongOrInteger() {
        assertEquals(104_857_600L, PlainValues.of(new Variant<>(new UInt64(104_857_600L))));
        assertEquals(4_294_967_295L, PlainValues.of(new Variant<>(new UInt32(4_294_967_295L))));
        assertEquals(65_535, PlainValues.of(new Variant<>(new UInt16(65_535))));
        assertEquals(255, PlainValues.of(new Variant<>((byte) -1)), "D-Bus bytes are unsigned");
        assertEquals(-3, PlainValues.of(new Variant<>((short) -3)));
    }

    /** systemd's "infinity" is UINT64_MAX; as a Long it keeps its bits and reads -1. */
    @Test
    void uint64MaxKeepsItsBits() {
        UInt64 infinity = new UInt64(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));
        Object plain = PlainValues.of(new Variant<>(infinity));
        assertEquals(-1L, plain);
        assertEquals("18446744073709551615", Long.toUnsignedString((Long) plain));
        UInt64 aboveLongMax = new UInt64(new BigInteger("9223372036854775808"));
        assertEquals("9223372036854775808", Long.toUnsignedString((Long) PlainValues.of(aboveLongMax)));
    }

    @Test
    void signedNumbersStringsAndBooleansStay() {
        assertEquals(-5, PlainValues.of(new Variant<>(-5)));
        assertEquals(-5L, PlainValues.of(new Variant<>(-5L)));
        assertEquals(0.5, PlainValues.of(new Variant<>(0.5)));
        assertEquals(Boolean.TRUE, PlainValues.of(new Variant<>(true)));
        assertEquals("active", PlainValues.of(new Variant<>("active")));
        assertNull(PlainValues.of(null));
    }

    @Test
    void objectPathsBecomeStrings() {
        assertEquals("/org/freedesktop/systemd1/unit/tenant_2eslice",
                PlainValues.of(new Variant<>(new DBusPath("/org/freedesktop/systemd1/unit/tenant_2eslice"))));
        assertEquals("/org/freedesktop/systemd1/job/7",
                PlainValues.of(new ObjectPath("org.freedesktop.systemd1", "/org/freedesktop/systemd1/job/7")));
    }

    @Test
    void arraysStructsAndNestedVariantsBecomeLists() {
        assertEquals(List.of(254, 1, 0), PlainValues.of(new Variant<>(new byte[] {(byte) 254, 1, 0})));
        assertEquals(List.of("a.service", "b.service"),
                PlainValues.of(new Variant<>(new String[] {"a.service", "b.service"})));
        assertEquals(List.of(1L, 2L), PlainValues.of(List.of(new UInt64(1), new UInt64(2))));
        assertEquals(List.of(List.of("/bin/true", List.of("/bin/true", "--x"), false)),
                PlainValues.of(List.of(new Exec("/bin/true", List.of("/bin/true", "--x"), false))));
        assertEquals(7L, PlainValues.of(new Variant<>(new Variant<>(new UInt32(7)))));
    }

    @Test
    void dictsBecomeMapsInTheirOrder() {
        Map<String, Variant<?>> dict = new LinkedHashMap<>();
        dict.put("z", new Variant<>(new UInt64(1)));
        dict.put("a", new Variant<>("x"));
        Map<?, ?> plain = (Map<?, ?>) PlainValues.of(dict);
        assertEquals(List.of("z", "a"), List.copyOf(plain.keySet()));
        assertEquals(Map.of("z", 1L, "a", "x"), plain);
    }

    @Test
    void propertiesKeepTheirOrderAndComeOutUnmodifiable() {
        Map<String, Variant<?>> all = new LinkedHashMap<>();
        all.put("MemoryMax", new Variant<>(new UInt64(1024)));
        all.put("Names", new Variant<>(new String[] {"x.slice"}));
        Map<String, Object> plain = PlainValues.ofAll(all);
        assertEquals(List.of("MemoryMax", "Names"), List.copyOf(plain.keySet()));
        assertEquals(1024L, plain.get("MemoryMax"));
        @SuppressWarnings("unchecked")
        List<Object> names = (List<Object>) plain.get("Names");
        assertThrows(UnsupportedOperationException.class, () -> names.add("y.slice"));
    }
}
