package bbh.sysext.tree;

import java.util.List;

/**
 * The two kinds of extension image systemd merges (systemd-sysext(8)): what a tree may hold and
 * where its release file is.
 */
public enum ExtensionType {
    /** A system extension: extends {@code /usr} and {@code /opt}. */
    SYSEXT("sysext", List.of("usr", "opt"), "usr/lib/extension-release.d/extension-release.", "SYSEXT_LEVEL"),
    /** A configuration extension: extends {@code /etc} (systemd-confext, systemd 254 and later). */
    CONFEXT("confext", List.of("etc"), "etc/extension-release.d/extension-release.", "CONFEXT_LEVEL");

    private final String id;
    private final List<String> tops;
    private final String releasePrefix;
    private final String levelKey;

    ExtensionType(String id, List<String> tops, String releasePrefix, String levelKey) {
        this.id = id;
        this.tops = tops;
        this.releasePrefix = releasePrefix;
        this.levelKey = levelKey;
    }

    /** As tenants write it: {@code sysext} or {@code confext}. */
    public String id() {
        return id;
    }

    /** The folders allowed at the tree's top. */
    public List<String> tops() {
        return tops;
    }

    /** The release file of extension {@code name}, relative to the tree. */
    public String releaseFile(String name) {
        return releasePrefix + name;
    }

    /** The release file's key that may stand in for VERSION_ID: SYSEXT_LEVEL or CONFEXT_LEVEL. */
    public String levelKey() {
        return levelKey;
    }

    /** The type a tenant named; null when it is neither (the schema allows no other). */
    public static ExtensionType of(String id) {
        for (ExtensionType t : values()) {
            if (t.id.equals(id)) {
                return t;
            }
        }
        return id == null ? SYSEXT : null;
    }
}
