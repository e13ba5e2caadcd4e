package bbh.vmspawn;

import java.nio.charset.StandardCharsets;

/**
 * The name systemd gives a network interface it derives from a machine's name, when that name does
 * not fit Linux's 15 characters: systemd's {@code net_shorten_ifname()} (src/shared/netif-util.c),
 * which keeps the first 11 characters and appends four of URL-safe base64 from the SipHash-2-4 of the
 * whole name under a fixed key. systemd-vmspawn names its tap {@code vt-<machine>} through it
 * (always hashing, {@code check_naming_scheme=false}); systemd-nspawn names its veth
 * {@code ve-<machine>} the same way under naming schemes since v247, which is how the tests check
 * this port against the systemd installed here.
 */
final class TapNames {
    private TapNames() {}

    /** Linux's IFNAMSIZ, with the final NUL. */
    private static final int IFNAMSIZ = 16;
    /** SHORTEN_IFNAME_HASH_KEY of src/shared/netif-util.c. */
    private static final byte[] KEY = {
        (byte) 0xe1, (byte) 0x90, (byte) 0xa4, 0x04, (byte) 0xa8, (byte) 0xef, 0x4b, 0x51,
        (byte) 0x8c, (byte) 0xcc, (byte) 0xc3, 0x3a, (byte) 0x9f, 0x11, (byte) 0xfc, (byte) 0xa2};
    private static final char[] URLSAFE_BASE64 =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();

    /** The tap systemd-vmspawn creates for {@code --network-tap} of machine {@code machine}. */
    static String vmTap(String machine) {
        return shorten("vt-" + machine);
    }

    /** The host side of systemd-nspawn's {@code --network-veth} for machine {@code machine}. */
    static String nspawnVeth(String machine) {
        return shorten("ve-" + machine);
    }

    /** {@code name} as {@code net_shorten_ifname(name, false)} leaves it. */
    static String shorten(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < IFNAMSIZ) {
            return name;
        }
        long h = SipHash24.hash(bytes, KEY);
        StringBuilder b = new StringBuilder(new String(bytes, 0, IFNAMSIZ - 5, StandardCharsets.UTF_8));
        b.append(URLSAFE_BASE64[(int) (h >>> 18) & 63]);
        b.append(URLSAFE_BASE64[(int) (h >>> 12) & 63]);
        b.append(URLSAFE_BASE64[(int) (h >>> 6) & 63]);
        b.append(URLSAFE_BASE64[(int) h & 63]);
        return b.toString();
    }
}
