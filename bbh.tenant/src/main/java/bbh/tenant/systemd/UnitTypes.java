package bbh.tenant.systemd;

import java.util.Map;
import java.util.Optional;

/**
 * Which D-Bus interface carries a unit's type-specific properties, by the unit name's suffix
 * (org.freedesktop.systemd1(5): {@code tenant-acme.slice} -> {@code org.freedesktop.systemd1.Slice}).
 */
final class UnitTypes {

    /** The interface every unit object has, whatever its type. */
    static final String UNIT_INTERFACE = "org.freedesktop.systemd1.Unit";

    /** The unit types of systemd.unit(5), by suffix. */
    private static final Map<String, String> BY_SUFFIX = Map.ofEntries(
            Map.entry("service", "org.freedesktop.systemd1.Service"),
            Map.entry("socket", "org.freedesktop.systemd1.Socket"),
            Map.entry("target", "org.freedesktop.systemd1.Target"),
            Map.entry("device", "org.freedesktop.systemd1.Device"),
            Map.entry("mount", "org.freedesktop.systemd1.Mount"),
            Map.entry("automount", "org.freedesktop.systemd1.Automount"),
            Map.entry("swap", "org.freedesktop.systemd1.Swap"),
            Map.entry("timer", "org.freedesktop.systemd1.Timer"),
            Map.entry("path", "org.freedesktop.systemd1.Path"),
            Map.entry("slice", "org.freedesktop.systemd1.Slice"),
            Map.entry("scope", "org.freedesktop.systemd1.Scope"));

    private UnitTypes() {}

    /**
     * The type interface of {@code unit}, or empty when its name has no known suffix (systemd
     * refuses such a name anyway).
     */
    static Optional<String> typeInterface(String unit) {
        int dot = unit.lastIndexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_SUFFIX.get(unit.substring(dot + 1)));
    }
}
