package bbh.network;

/**
 * The names of the files bbh puts into networkd's folder. networkd reads every folder's files
 * together in lexical order, and for a link the first matching .network file wins
 * (systemd.network(5)): {@code 10-} for the uplinks bbh owns, so that they come before the
 * distribution's catch-all files ({@code 80-}, {@code 99-}), {@code 50-} for tenants' links, whose
 * names no other file matches.
 */
final class NetworkFiles {
    private NetworkFiles() {}

    /** A tenant's file of one kind: {@code 50-bbh-<id>-<part>.<type>}, e.g. {@code 50-bbh-acme-bridge.netdev}. */
    static String tenant(String id, String part, String type) {
        return "50-bbh-" + id + "-" + part + "." + type;
    }

    /** The .network file of an uplink bbh owns: {@code 10-bbh-uplink-<name>.network}. */
    static String uplinkNetwork(String uplink) {
        return "10-bbh-uplink-" + uplink + ".network";
    }

    /** The .link file that names an uplink by its MAC address: {@code 10-bbh-uplink-<name>.link}. */
    static String uplinkLink(String uplink) {
        return "10-bbh-uplink-" + uplink + ".link";
    }

    /** A tenant's drop-in for its VLAN's uplink: {@code <uplink .network>.d/50-bbh-<id>.conf}. */
    static String uplinkDropIn(String uplink, String id) {
        return uplinkNetwork(uplink) + ".d/50-bbh-" + id + ".conf";
    }
}
