package bbh.vmspawn;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * systemd's release number from the manager's {@code Version} property, which distributions extend:
 * {@code 252.39-1~deb12u1} (Debian 12), {@code 258~rc3}, {@code 257.7-1.fc42}, {@code v256}. The
 * release is the leading number; what follows is a point release or packaging.
 */
final class SystemdVersion {
    private SystemdVersion() {}

    private static final Pattern RELEASE = Pattern.compile("v?(\\d{1,6})(?![0-9]).*", Pattern.DOTALL);

    /** The release number of {@code version}, empty when it does not start with one. */
    static OptionalInt release(String version) {
        if (version == null) {
            return OptionalInt.empty();
        }
        Matcher m = RELEASE.matcher(version.strip());
        return m.matches() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }
}
