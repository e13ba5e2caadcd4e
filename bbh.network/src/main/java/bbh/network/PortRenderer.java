package bbh.network;

import bbh.api.tenant.TenantSpec;
import bbh.tenant.unit.UnitFile;
import bbh.tenant.unit.UnitLine;
import bbh.tenant.unit.UnitValues;

/**
 * The tenant's bridge ports that networkd makes: a VXLAN {@code vx-<id>} for a tenant that spans
 * hosts, and a VLAN {@code vl-<id>} on an operator's uplink.
 *
 * <p>The VXLAN is {@code Independent=yes}: it belongs to no underlying link, so networkd creates it
 * on reload by itself (a dependent one would wait for a .network file naming it), unless it joins a
 * multicast group, which the kernel allows only through a device: then it hangs off the uplink like a
 * VLAN. A VLAN is a stacked
 * netdev: networkd creates it only when its uplink's .network names it with {@code VLAN=}, which the
 * tenant's drop-in for the uplink's .network file does (the uplink's file itself is the operator's,
 * {@link UplinkRenderer}).
 */
final class PortRenderer {
    private PortRenderer() {}

    static UnitFile vxlanNetdev(TenantSpec spec, UnitLine.Comment header) {
        TenantSpec.Vxlan v = spec.network().vxlan();
        UnitFile.Builder f = UnitFile.builder(NetworkFiles.tenant(spec.id(), "vxlan", "netdev")).line(header)
                .section("NetDev")
                .set("Name", UnitValues.word(TenantLinks.vxlan(spec.id())))
                .set("Kind", UnitValues.word("vxlan"));
        TenantNetworkRenderer.described(f, spec);
        f.section("VXLAN").set("VNI", UnitValues.integer(v.vni()));
        if (v.remote() != null) {
            f.set("Remote", UnitValues.word(v.remote()));
        }
        if (v.group() != null) {
            f.set("Group", UnitValues.word(v.group()));
        }
        if (v.local() != null) {
            f.set("Local", UnitValues.word(v.local()));
        }
        f.set("DestinationPort", UnitValues.integer(v.port() == null ? 4789 : v.port()));
        // A multicast group is joined through a device: such a VXLAN hangs off the uplink (its drop-in
        // names it with VXLAN=); the kernel refuses a group without one.
        return f.set("Independent", UnitValues.bool(v.group() == null)).build();
    }

    static UnitFile vlanNetdev(TenantSpec spec, UnitLine.Comment header) {
        UnitFile.Builder f = UnitFile.builder(NetworkFiles.tenant(spec.id(), "vlan", "netdev")).line(header)
                .section("NetDev")
                .set("Name", UnitValues.word(TenantLinks.vlan(spec.id())))
                .set("Kind", UnitValues.word("vlan"));
        TenantNetworkRenderer.described(f, spec);
        return f.section("VLAN").set("Id", UnitValues.integer(spec.network().vlan())).build();
    }

    /** A port's .network: enslaved to the tenant's bridge, no addresses of its own. */
    static UnitFile portNetwork(TenantSpec spec, String link, String part, UnitLine.Comment header) {
        UnitFile.Builder f = UnitFile.builder(NetworkFiles.tenant(spec.id(), part, "network")).line(header)
                .section("Match")
                .set("Name", UnitValues.word(link))
                .section("Link")
                .set("RequiredForOnline", UnitValues.bool(false));
        if (spec.network().mtu() != null) {
            f.set("MTUBytes", UnitValues.integer(spec.network().mtu()));
        }
        f.section("Network");
        TenantNetworkRenderer.described(f, spec);
        return f.set("Bridge", UnitValues.word(TenantLinks.bridge(spec.id())))
                .set("LinkLocalAddressing", UnitValues.bool(false))
                .set("ConfigureWithoutCarrier", UnitValues.bool(true))
                .build();
    }

    /**
     * The drop-in that makes networkd create the tenant's VLAN, and its VXLAN when that joins a
     * multicast group, on {@code uplink}.
     */
    static UnitFile uplinkDropIn(TenantSpec spec, String uplink, UnitLine.Comment header) {
        if (uplink == null) {
            throw new IllegalArgumentException((spec.network().vlan() != null ? "vlan " + spec.network().vlan() : "vxlan.group")
                    + " has no uplink: the tenant names none and the operator's configuration (PID bbh.network) has no defaultUplink");
        }
        UnitFile.Builder f = UnitFile.builder(NetworkFiles.uplinkDropIn(uplink, spec.id())).line(header).section("Network");
        if (spec.network().vlan() != null) {
            f.set("VLAN", UnitValues.word(TenantLinks.vlan(spec.id())));
        }
        if (spec.network().vxlan() != null && spec.network().vxlan().group() != null) {
            f.set("VXLAN", UnitValues.word(TenantLinks.vxlan(spec.id())));
        }
        return f.build();
    }

    /** True when the tenant's network rides on an uplink: a VLAN, or a VXLAN joining a multicast group. */
    static boolean usesUplink(TenantSpec.Network n) {
        return n.vlan() != null || (n.vxlan() != null && n.vxlan().group() != null);
    }
}
