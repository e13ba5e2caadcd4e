package bbh.api.tenant;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;

/**
 * Naming rules shared by every bundle: which tenant ids are valid, and the host names (network
 * interfaces, units) derived from an id.
 *
 * <p>A tenant id is a DNS label: 1 to 63 of {@code a-z 0-9 -}, not starting or ending with
 * {@code -}. Such an id is a valid machine name for machined and a valid host name. In unit names it
 * is still systemd-escaped, because {@code -} means hierarchy in slice names and {@code /} in
 * {@code %I}: {@code umbrella-research-lab} becomes the instance {@code umbrella\x2dresearch\x2dlab},
 * whose {@code %I} is the id again (see docs/units.md).
 */
public final class TenantNames {
    private TenantNames() {}

    /** Linux's limit for an interface name, IFNAMSIZ - 1. */
    public static final int IFNAME_MAX = 15;

    private static final Pattern ID = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    /** True when {@code id} is a valid tenant id. */
    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /**
     * The name of one of the tenant's network interfaces: {@code prefix-id} when it fits in
     * {@link #IFNAME_MAX} characters, else {@code prefix-} followed by the id's first characters, a
     * {@code -} and six hex digits of the id's SHA-256, which keeps long ids apart (validation
     * rejects the rare case where two ids still meet).
     *
     * @param prefix two lower-case letters naming the kind, e.g. {@code br} for the bridge
     * @param id a valid tenant id
     */
    public static String interfaceName(String prefix, String id) {
        if (prefix.length() != 2) {
            throw new IllegalArgumentException("interface prefix must be 2 letters: " + prefix);
        }
        String plain = prefix + "-" + id;
        if (plain.length() <= IFNAME_MAX) {
            return plain;
        }
        String hash = sha256Hex(id).substring(0, 6);
        int keep = IFNAME_MAX - 3 - 1 - hash.length();
        String head = id.substring(0, keep);
        // A '-' ending the head would give "--"; names stay valid either way, but readable is nicer.
        return prefix + "-" + head + "-" + hash;
    }

    /** The tenant's bridge, {@code br-<id>} or its shortened form. */
    public static String bridgeName(String id) {
        return interfaceName("br", id);
    }

    private static String sha256Hex(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            StringBuilder b = new StringBuilder();
            for (byte x : d) {
                b.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
            }
            return b.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
