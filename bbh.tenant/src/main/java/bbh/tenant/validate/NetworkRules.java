package bbh.tenant.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;

/**
 * The rules of a tenant's {@code network} block that its schema cannot express: every address and
 * subnet parsed for real (no DNS lookups), gateways inside their subnets and not the subnet's own or
 * broadcast address, {@code subnet6} IPv6 beside an IPv4 {@code subnet}, a DHCP pool that fits,
 * DHCP only for IPv4 (networkd's DHCP server serves IPv4 alone), VXLAN with one of remote
 * (unicast) and group (multicast), and an uplink only together with a VLAN or a multicast VXLAN. Rules that need the operator's configuration
 * (which uplinks exist, reserved ranges) are bbh.network's {@code TenantRule}; rules between
 * tenants are {@link CrossTenantCheck}'s.
 */
final class NetworkRules {
    private NetworkRules() {}

    static final String SUBNET_EXAMPLE = "an IPv4 or IPv6 subnet in CIDR notation, e.g. 10.101.0.0/24 or fd00:101::/64";
    static final String ADDRESS_EXAMPLE = "an IPv4 or IPv6 address, e.g. 10.101.0.1 or fd00:101::1";

    /** An IPv4 subnet needs room for the gateway and at least one machine. */
    static final int MAX_PREFIX_V4 = 30;
    /** An IPv6 subnet likewise. */
    static final int MAX_PREFIX_V6 = 126;

    private static final FieldPath NETWORK = FieldPath.ROOT.key("network");
    private static final FieldPath SUBNET = NETWORK.key("subnet");
    private static final FieldPath SUBNET6 = NETWORK.key("subnet6");
    private static final FieldPath GATEWAY = NETWORK.key("gateway");
    private static final FieldPath GATEWAY6 = NETWORK.key("gateway6");
    private static final FieldPath DNS = NETWORK.key("dns");
    private static final FieldPath DHCP = NETWORK.key("dhcp");
    private static final FieldPath VLAN = NETWORK.key("vlan");
    private static final FieldPath UPLINK = NETWORK.key("uplink");
    private static final FieldPath VXLAN = NETWORK.key("vxlan");
    private static final FieldPath WIREGUARD = NETWORK.key("wireguard");

    static void check(LocatedTree tree, FileProblems problems) {
        Subnet subnet = subnet(tree, SUBNET, true, problems);
        Subnet subnet6 = subnet(tree, SUBNET6, true, problems);
        if (subnet6 != null && subnet6.bits() != 128) {
            problems.at(SUBNET6, tree.valueAt(SUBNET6), "expected an IPv6 subnet, e.g. fd00:101::/64; found " + Quoted.of(subnet6.text()));
            subnet6 = null;
        }
        if (subnet6 != null && subnet != null && subnet.bits() != 32) {
            problems.at(SUBNET6, tree.valueAt(SUBNET6), "expected subnet6 only beside an IPv4 subnet; subnet "
                    + Quoted.of(subnet.text()) + " is IPv6 already");
        }
        gateway(tree, GATEWAY, subnet, "subnet", problems);
        if (tree.node(GATEWAY6).isTextual() && tree.node(SUBNET6).isMissingNode()) {
            problems.at(GATEWAY6, tree.valueAt(GATEWAY6), "expected subnet6 beside gateway6; gateway6 is an address in subnet6");
        } else {
            gateway(tree, GATEWAY6, subnet6, "subnet6", problems);
        }
        JsonNode dns = tree.node(DNS);
        for (int i = 0; dns.isArray() && i < dns.size(); i++) {
            address(tree, DNS.index(i), problems);
        }
        dhcp(tree, subnet, problems);
        if (tree.node(UPLINK).isTextual() && tree.node(VLAN).isMissingNode() && tree.node(VXLAN.key("group")).isMissingNode()) {
            problems.at(UPLINK, tree.valueAt(UPLINK), "expected vlan or vxlan.group beside uplink; an uplink only carries a"
                    + " tenant's VLAN or multicast VXLAN");
        }
        vxlan(tree, problems);
        wireguard(tree, problems);
    }

    private static void dhcp(LocatedTree tree, Subnet subnet, FileProblems problems) {
        JsonNode dhcp = tree.node(DHCP);
        if (!dhcp.isObject() || subnet == null || problems.has(DHCP)) {
            return;
        }
        boolean enabled = dhcp.path("enabled").asBoolean(true);
        if (enabled && subnet.bits() != 32) {
            problems.at(DHCP, tree.valueAt(DHCP), "expected an IPv4 subnet for a DHCP server (networkd serves DHCPv4 only; IPv6 machines"
                    + " configure themselves from router advertisements); set \"enabled\": false or use an IPv4 subnet");
            return;
        }
        JsonNode offset = dhcp.get("poolOffset");
        JsonNode size = dhcp.get("poolSize");
        BigInteger hosts = subnet.last().subtract(subnet.first()).subtract(BigInteger.ONE);
        long o = offset != null && offset.isIntegralNumber() ? offset.longValue() : 1;
        long n = size != null && size.isIntegralNumber() ? size.longValue() : 1;
        if (BigInteger.valueOf(o + n - 1).compareTo(hosts) > 0) {
            FieldPath at = size != null ? DHCP.key("poolSize") : DHCP.key("poolOffset");
            problems.at(at, tree.valueAt(at), "expected a pool inside " + subnet.text() + " (" + hosts + " host addresses); offset "
                    + o + " and size " + n + " end beyond it");
        }
    }

    private static void vxlan(LocatedTree tree, FileProblems problems) {
        FieldPath remote = VXLAN.key("remote");
        FieldPath group = VXLAN.key("group");
        FieldPath local = VXLAN.key("local");
        byte[] r = address(tree, remote, problems);
        byte[] g = address(tree, group, problems);
        byte[] l = address(tree, local, problems);
        if (r != null && multicast(r)) {
            problems.at(remote, tree.valueAt(remote), "expected a unicast address for remote; use group for a multicast group");
        }
        if (g != null && !multicast(g)) {
            problems.at(group, tree.valueAt(group), "expected a multicast address for group (224.0.0.0/4 or ff00::/8)");
        }
        if (tree.node(VXLAN).isObject() && tree.node(remote).isMissingNode() == tree.node(group).isMissingNode()
                && !problems.has(VXLAN)) {
            problems.at(VXLAN, tree.valueAt(VXLAN), "expected exactly one of remote (the other end's unicast address) and"
                    + " group (a multicast group)");
        }
        byte[] other = r != null ? r : g;
        if (l != null && other != null && l.length != other.length) {
            problems.at(local, tree.valueAt(local), "expected local of the same family (IPv4 or IPv6) as " + (r != null ? "remote" : "group"));
        }
    }

    private static void wireguard(LocatedTree tree, FileProblems problems) {
        interfaceAddress(tree, WIREGUARD.key("address"), problems);
        JsonNode peers = tree.node(WIREGUARD.key("peers"));
        for (int i = 0; peers.isArray() && i < peers.size(); i++) {
            FieldPath peer = WIREGUARD.key("peers").index(i);
            JsonNode allowed = tree.node(peer.key("allowedIps"));
            for (int j = 0; allowed.isArray() && j < allowed.size(); j++) {
                subnet(tree, peer.key("allowedIps").index(j), false, problems);
            }
            FieldPath endpoint = peer.key("endpoint");
            String e = checkedText(tree, endpoint, problems);
            if (e != null) {
                int colon = e.lastIndexOf(':');
                String host = e.substring(0, colon);
                host = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
                int port = Integer.parseInt(e.substring(colon + 1));
                try {
                    IpAddresses.parse(host);
                    if (port < 1 || port > 65535) {
                        problems.at(endpoint, tree.valueAt(endpoint), "expected a port 1 to 65535; found " + port);
                    }
                } catch (IllegalArgumentException x) {
                    problems.at(endpoint, tree.valueAt(endpoint), "expected address:port with " + ADDRESS_EXAMPLE + "; found "
                            + Quoted.of(e) + ": " + x.getMessage());
                }
            }
        }
    }

    /** The gateway at {@code field} must be a host address of {@code subnet} (when both are good). */
    private static void gateway(LocatedTree tree, FieldPath field, Subnet subnet, String subnetName, FileProblems problems) {
        byte[] g = address(tree, field, problems);
        if (g == null || subnet == null) {
            return;
        }
        BigInteger v = new BigInteger(1, g);
        if (g.length * 8 != subnet.bits() || v.compareTo(subnet.first()) < 0 || v.compareTo(subnet.last()) > 0) {
            problems.at(field, tree.valueAt(field), "expected an address inside " + subnetName + " " + subnet.text() + "; found "
                    + Quoted.of(tree.node(field).textValue()));
        } else if (v.equals(subnet.first()) || (subnet.bits() == 32 && v.equals(subnet.last()))) {
            problems.at(field, tree.valueAt(field), "expected a host address of " + subnet.text() + ", not its "
                    + (v.equals(subnet.first()) ? "network" : "broadcast") + " address");
        }
    }

    /**
     * The subnet at {@code field}, parsed, or null (absent, or a problem recorded). A bridge's subnet
     * ({@code ofBridge}) must leave room for a gateway and machines.
     */
    static Subnet subnet(LocatedTree tree, FieldPath field, boolean ofBridge, FileProblems problems) {
        String text = checkedText(tree, field, problems);
        if (text == null) {
            return null;
        }
        try {
            Subnet s = Subnet.parse(text);
            int max = s.bits() == 32 ? MAX_PREFIX_V4 : MAX_PREFIX_V6;
            int prefix = Integer.parseInt(text.substring(text.indexOf('/') + 1));
            if (ofBridge && prefix > max) {
                problems.at(field, tree.valueAt(field), "expected a prefix length of at most " + max
                        + ", leaving room for the gateway and machines; found " + Quoted.of(text));
                return null;
            }
            return s;
        } catch (Subnet.HostBitsSet e) {
            problems.at(field, tree.valueAt(field), "expected host bits zero, i.e. " + e.network() + "; found " + Quoted.of(text));
        } catch (IllegalArgumentException e) {
            problems.at(field, tree.valueAt(field), "expected " + SUBNET_EXAMPLE + "; found " + Quoted.of(text) + ": " + e.getMessage());
        }
        return null;
    }

    /** An interface's address with its prefix length, {@code 10.201.0.1/24}: host bits are the point. */
    private static void interfaceAddress(LocatedTree tree, FieldPath field, FileProblems problems) {
        String text = checkedText(tree, field, problems);
        if (text == null) {
            return;
        }
        int slash = text.indexOf('/');
        try {
            byte[] a = IpAddresses.parse(text.substring(0, slash));
            String len = text.substring(slash + 1);
            if (len.length() > 1 && len.charAt(0) == '0' || Integer.parseInt(len) > a.length * 8) {
                throw new IllegalArgumentException("the prefix length is a number 0 to " + a.length * 8);
            }
        } catch (IllegalArgumentException e) {
            problems.at(field, tree.valueAt(field), "expected an address with its prefix length, e.g. 10.201.0.1/24; found "
                    + Quoted.of(text) + ": " + e.getMessage());
        }
    }

    /** The address at {@code field}, parsed, or null (absent, or a problem recorded). */
    private static byte[] address(LocatedTree tree, FieldPath field, FileProblems problems) {
        String text = checkedText(tree, field, problems);
        if (text == null) {
            return null;
        }
        try {
            return IpAddresses.parse(text);
        } catch (IllegalArgumentException e) {
            problems.at(field, tree.valueAt(field), "expected " + ADDRESS_EXAMPLE + "; found " + Quoted.of(text) + ": " + e.getMessage());
            return null;
        }
    }

    private static boolean multicast(byte[] a) {
        return a.length == 4 ? (a[0] & 0xf0) == 0xe0 : (a[0] & 0xff) == 0xff;
    }

    private static String checkedText(LocatedTree tree, FieldPath field, FileProblems problems) {
        JsonNode n = tree.node(field);
        return problems.has(field) || !n.isTextual() ? null : n.textValue();
    }
}
