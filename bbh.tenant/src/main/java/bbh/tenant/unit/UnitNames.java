package bbh.tenant.unit;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What systemd accepts as a unit's name (systemd.unit(5), systemd's {@code unit_name_is_valid()}):
 * a prefix of letters, digits and {@code : - _ . \}, an optional {@code @} with an instance (empty
 * for a template), and a known type as suffix, at most {@value #MAX_LENGTH} characters. Stricter
 * than systemd in one point: a name may not start with {@code .}, since systemd passes over hidden
 * files in a unit folder.
 */
public final class UnitNames {
    private UnitNames() {}

    /** systemd's UNIT_NAME_MAX less the final NUL. */
    public static final int MAX_LENGTH = 255;

    /** Every unit type of systemd.unit(5), by suffix. */
    public static final Set<String> TYPES = Set.of("service", "socket", "target", "device", "mount", "automount", "swap",
            "timer", "path", "slice", "scope");

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9:_\\\\-][A-Za-z0-9:_.\\\\-]*(@[A-Za-z0-9:_.\\\\-]*)?\\.([a-z]+)");

    /** True when {@code name} is a valid unit name: a template, an instance or a plain unit. */
    public static boolean isValid(String name) {
        return type(name).isPresent();
    }

    /** The type of a valid unit name, e.g. {@code service}; empty when the name is not valid. */
    public static Optional<String> type(String name) {
        return matched(name).map(m -> m.group(2));
    }

    /** True for a valid template name, such as {@code getty@.service}: an empty instance. */
    public static boolean isTemplate(String name) {
        return matched(name).map(m -> "@".equals(m.group(1))).orElse(false);
    }

    private static Optional<Matcher> matched(String name) {
        if (name == null || name.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        Matcher m = NAME.matcher(name);
        return m.matches() && TYPES.contains(m.group(2)) ? Optional.of(m) : Optional.empty();
    }
}
