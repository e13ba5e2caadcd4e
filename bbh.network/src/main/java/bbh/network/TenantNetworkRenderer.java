package bbh.network;

import bbh.api.tenant.TenantSpec;
import bbh.tenant.unit.GeneratedHeader;
import bbh.tenant.unit.RenderedTree;
import bbh.tenant.unit.UnitFile;
import bbh.tenant.unit.UnitLine;
import bbh.tenant.unit.UnitValues;

/**
 * Renders one tenant's networkd files (systemd.netdev(5), systemd.network(5)) through bbh's
 * unit-file model, every value through an escaper, each file headed by the metadata file and commit
 * it came from. The same spec and commit always give the same bytes.
 *
 * <ul>
 * <li>the bridge: {@code .netdev} (Kind=bridge) and {@code .network} with the gateway addresses, the
 *     DHCP server, router advertisements for an IPv6 subnet, DNS servers, search domains, MTU and
 *     shaping ({@link BridgeRenderer});
 * <li>a VXLAN ({@code vx-<id>}) and a VLAN ({@code vl-<id>}), each a port of the bridge, the VLAN added
 *     to its uplink by a drop-in ({@link PortRenderer});
 * <li>a WireGuard tunnel ({@code wg-<id>}), routed, not bridged: WireGuard carries IP, not Ethernet
 *     ({@link WireGuardRenderer}).
 * </ul>
 */
final class TenantNetworkRenderer {
    private TenantNetworkRenderer() {}

    /**
     * The tenant's files, by file name (a VLAN's drop-in as {@code <uplink>.network.d/<name>}); empty
     * for a tenant without a network.
     *
     * @param uplink the uplink the tenant's VLAN or multicast VXLAN rides on; ignored without them
     * @throws NetworkRenderException when a value cannot be written (validation lets none through)
     */
    static RenderedTree render(TenantSpec spec, String commit, String uplink) throws NetworkRenderException {
        RenderedTree files = new RenderedTree();
        TenantSpec.Network n = spec.network();
        if (n == null) {
            return files;
        }
        UnitLine.Comment header = GeneratedHeader.of(spec.sourcePath(), commit);
        try {
            put(files, BridgeRenderer.netdev(spec, header));
            put(files, BridgeRenderer.network(spec, header));
            if (n.vxlan() != null) {
                put(files, PortRenderer.vxlanNetdev(spec, header));
                put(files, PortRenderer.portNetwork(spec, TenantLinks.vxlan(spec.id()), "vxlan", header));
            }
            if (n.vlan() != null) {
                put(files, PortRenderer.vlanNetdev(spec, header));
                put(files, PortRenderer.portNetwork(spec, TenantLinks.vlan(spec.id()), "vlan", header));
            }
            if (PortRenderer.usesUplink(n)) {
                UnitFile dropIn = PortRenderer.uplinkDropIn(spec, uplink, header);
                files.file(dropIn.name(), dropIn.text());
            }
            if (n.wireguard() != null) {
                put(files, WireGuardRenderer.netdev(spec, header));
                put(files, WireGuardRenderer.network(spec, header));
            }
        } catch (IllegalArgumentException e) {
            throw new NetworkRenderException(spec.sourcePath() + ": tenant " + spec.id() + ": network: " + e.getMessage(), e);
        }
        return files;
    }

    private static void put(RenderedTree files, UnitFile f) {
        files.file(f.name(), f.text());
    }

    /** {@code Description=} of every file: which tenant it serves. */
    static UnitFile.Builder described(UnitFile.Builder f, TenantSpec spec) {
        return f.set("Description", UnitValues.text("bbh tenant " + spec.id()));
    }
}
