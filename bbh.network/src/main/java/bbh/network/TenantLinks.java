package bbh.network;

import bbh.api.tenant.TenantNames;
import bbh.api.tenant.TenantSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The names of a tenant's links, all derived from its id by {@link TenantNames#interfaceName} (at
 * most 15 characters, long ids shortened with a hash): {@code br-} its bridge, {@code vx-} its VXLAN,
 * {@code vl-} its VLAN, {@code wg-} its WireGuard tunnel.
 */
public final class TenantLinks {
    private TenantLinks() {}

    public static String bridge(String id) {
        return TenantNames.bridgeName(id);
    }

    static String vxlan(String id) {
        return TenantNames.interfaceName("vx", id);
    }

    static String vlan(String id) {
        return TenantNames.interfaceName("vl", id);
    }

    static String wireguard(String id) {
        return TenantNames.interfaceName("wg", id);
    }

    /** The links the tenant's network has, bridge first; none without a network. */
    public static List<String> of(TenantSpec spec) {
        List<String> links = new ArrayList<>();
        TenantSpec.Network n = spec.network();
        if (n == null) {
            return links;
        }
        links.add(bridge(spec.id()));
        if (n.vxlan() != null) {
            links.add(vxlan(spec.id()));
        }
        if (n.vlan() != null) {
            links.add(vlan(spec.id()));
        }
        if (n.wireguard() != null) {
            links.add(wireguard(spec.id()));
        }
        return links;
    }
}
