package bbh.tenant.systemd;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.freedesktop.dbus.Container;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.types.UInt16;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.UInt64;
import org.freedesktop.dbus.types.Variant;

/**
 * D-Bus values as dbus-java gives them, turned into plain Java, so that no dbus-java type leaves this
 * package (the bundle keeps dbus-java private):
 *
 * <table>
 * <caption>D-Bus type -> Java</caption>
 * <tr><td>{@code v} (Variant)</td><td>its value, converted</td></tr>
 * <tr><td>{@code t} (UInt64), {@code x}</td><td>Long, with the same 64 bits: systemd's "infinity",
 *     2^64-1 (MemoryMax, TasksMax, CPUQuotaPerSecUSec unset, ...), reads as -1; compare with
 *     {@link Long#compareUnsigned}</td></tr>
 * <tr><td>{@code u} (UInt32)</td><td>Long (its values do not all fit an Integer)</td></tr>
 * <tr><td>{@code i}, {@code q}, {@code n}, {@code y}</td><td>Integer ({@code y} unsigned, 0-255)</td></tr>
 * <tr><td>{@code b}, {@code d}, {@code s}</td><td>Boolean, Double, String</td></tr>
 * <tr><td>{@code o} (object path)</td><td>String</td></tr>
 * <tr><td>{@code a...} (arrays, also {@code ay}), {@code (...)} (structs)</td><td>unmodifiable List</td></tr>
 * <tr><td>{@code a{..}} (dicts)</td><td>unmodifiable Map in D-Bus order</td></tr>
 * </table>
 * Anything else (a signature, a file descriptor) becomes its {@code toString()}.
 */
final class PlainValues {

    private PlainValues() {}

    /** Every value of {@code properties} converted, in the map's order. */
    static Map<String, Object> ofAll(Map<String, ?> properties) {
        Map<String, Object> plain = new LinkedHashMap<>();
        properties.forEach((name, value) -> plain.put(name, of(value)));
        return plain;
    }

    /** One value converted; null stays null. */
    static Object of(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long
                || value instanceof Integer || value instanceof Double) {
            return value;
        }
        if (value instanceof Variant<?> variant) {
            return of(variant.getValue());
        }
        if (value instanceof UInt64 u) {
            return u.longValue();
        }
        if (value instanceof UInt32 u) {
            return u.longValue();
        }
        if (value instanceof UInt16 u) {
            return u.intValue();
        }
        if (value instanceof Short s) {
            return s.intValue();
        }
        if (value instanceof Byte b) {
            // D-Bus bytes are unsigned; Java's are not.
            return Byte.toUnsignedInt(b);
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof DBusPath path) {
            return path.getPath();
        }
        if (value instanceof Container struct) {
            return listOf(Arrays.asList(struct.getParameters()));
        }
        if (value instanceof List<?> list) {
            return listOf(list);
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> plain = new LinkedHashMap<>();
            map.forEach((k, v) -> plain.put(of(k), of(v)));
            return Collections.unmodifiableMap(plain);
        }
        if (value.getClass().isArray()) {
            List<Object> elements = new ArrayList<>();
            for (int i = 0, n = Array.getLength(value); i < n; i++) {
                elements.add(Array.get(value, i));
            }
            return listOf(elements);
        }
        return value.toString();
    }

    private static List<Object> listOf(List<?> elements) {
        List<Object> plain = new ArrayList<>(elements.size());
        for (Object element : elements) {
            plain.add(of(element));
        }
        return Collections.unmodifiableList(plain);
    }
}
