package bbh.network;

import bbh.api.tenant.TenantSpec;
import bbh.tenant.unit.UnitFile;
import bbh.tenant.unit.UnitLine;
import bbh.tenant.unit.UnitValues;

/**
 * The tenant's bridge {@code br-<id>}: its {@code .netdev} and its {@code .network}.
 *
 * <p>Why these settings: {@code ConfigureWithoutCarrier=yes}, because a bridge has no carrier until
 * a machine's port joins it and its addresses and DHCP server must be there before that;
 * {@code RequiredForOnline=no}, so that a tenant without machines never holds up the host's
 * network-online.target; {@code IPv6AcceptRA=no}, the bridge being a router for its tenant, not a
 * client; gateway addresses without duplicate address detection ({@link #address}). The DHCP server hands out the tenant's own DNS servers ({@code [DHCPServer] DNS=}), never
 * the host's, and router advertisements carry the same for IPv6.
 */
final class BridgeRenderer {
    private BridgeRenderer() {}

    /** Default token bucket size and latency of {@code shaping}, as docs/tenant-format.md says. */
    static final String DEFAULT_BURST = "64K";
    static final int DEFAULT_LATENCY_MS = 50;

    static UnitFile netdev(TenantSpec spec, UnitLine.Comment header) {
        TenantSpec.Network n = spec.network();
        UnitFile.Builder f = UnitFile.builder(NetworkFiles.tenant(spec.id(), "bridge", "netdev")).line(header)
                .section("NetDev")
                .set("Name", UnitValues.word(TenantLinks.bridge(spec.id())))
                .set("Kind", UnitValues.word("bridge"));
        TenantNetworkRenderer.described(f, spec);
        if (n.mtu() != null) {
            f.set("MTUBytes", UnitValues.integer(n.mtu()));
        }
        return f.build();
    }

    static UnitFile network(TenantSpec spec, UnitLine.Comment header) {
        TenantSpec.Network n = spec.network();
        Cidr subnet = Cidr.parse(n.subnet());
        Cidr subnet6 = n.subnet6() == null ? null : Cidr.parse(n.subnet6());
        Cidr v6 = subnet.ipv4() ? subnet6 : subnet;
        boolean dhcp = subnet.ipv4() && (n.dhcp() == null || n.dhcp().enabled());

        UnitFile.Builder f = UnitFile.builder(NetworkFiles.tenant(spec.id(), "bridge", "network")).line(header)
                .section("Match")
                .set("Name", UnitValues.word(TenantLinks.bridge(spec.id())))
                .section("Link")
                .set("RequiredForOnline", UnitValues.bool(false));
        if (n.mtu() != null) {
            f.set("MTUBytes", UnitValues.integer(n.mtu()));
        }
        f.section("Network");
        TenantNetworkRenderer.described(f, spec);
        f.set("ConfigureWithoutCarrier", UnitValues.bool(true))
                .set("IPv6AcceptRA", UnitValues.bool(false));
        if (dhcp) {
            f.set("DHCPServer", UnitValues.bool(true));
        }
        if (v6 != null) {
            f.set("IPv6SendRA", UnitValues.bool(true));
        }
        for (String dns : n.dns()) {
            f.set("DNS", UnitValues.word(dns));
        }
        for (String domain : n.domains()) {
            f.set("Domains", UnitValues.word(domain));
        }
        address(f, gateway(subnet, n.gateway()));
        if (subnet6 != null) {
            address(f, gateway(subnet6, n.gateway6()));
        }
        if (dhcp) {
            f.section("DHCPServer");
            TenantSpec.Dhcp d = n.dhcp();
            if (d != null && d.poolOffset() != null) {
                f.set("PoolOffset", UnitValues.integer(d.poolOffset()));
            }
            if (d != null && d.poolSize() != null) {
                f.set("PoolSize", UnitValues.integer(d.poolSize()));
            }
            if (d != null && d.leaseSeconds() != null) {
                f.set("DefaultLeaseTimeSec", UnitValues.integer(d.leaseSeconds()));
            }
            f.set("EmitDNS", UnitValues.bool(!n.dns().isEmpty()));
            for (String dns : n.dns()) {
                if (Cidr.parse(dns).ipv4()) {
                    f.set("DNS", UnitValues.word(dns));
                }
            }
        }
        if (v6 != null) {
            f.section("IPv6SendRA");
            f.set("EmitDNS", UnitValues.bool(n.dns().stream().anyMatch(d -> !Cidr.parse(d).ipv4())));
            for (String dns : n.dns()) {
                if (!Cidr.parse(dns).ipv4()) {
                    f.set("DNS", UnitValues.word(dns));
                }
            }
            f.set("EmitDomains", UnitValues.bool(!n.domains().isEmpty()));
            for (String domain : n.domains()) {
                f.set("Domains", UnitValues.word(domain));
            }
            f.section("IPv6Prefix").set("Prefix", UnitValues.word(v6.subnetText()));
        }
        if (n.shaping() != null) {
            TenantSpec.Shaping s = n.shaping();
            f.section("TokenBucketFilter")
                    .set("Parent", UnitValues.word("root"))
                    .set("Rate", UnitValues.word(s.rate()))
                    .set("BurstBytes", UnitValues.size(s.burst() == null ? DEFAULT_BURST : s.burst()))
                    .set("LatencySec", UnitValues.word((s.latencyMs() == null ? DEFAULT_LATENCY_MS : s.latencyMs()) + "ms"));
        }
        return f.build();
    }

    /**
     * An {@code [Address]} section for a gateway address, without duplicate address detection: the
     * address is bbh's to give, and on a bridge without carrier (no machine yet) IPv6 DAD never
     * completes, which would leave the address tentative and networkd "configuring" forever (seen
     * with systemd 252 on an IPv6-only tenant).
     */
    private static void address(UnitFile.Builder f, Cidr address) {
        f.section("Address")
                .set("Address", UnitValues.word(address.text()))
                .set("DuplicateAddressDetection", UnitValues.word("none"));
    }

    /** The bridge's address: the given gateway, else the subnet's first host address, with the subnet's prefix. */
    static Cidr gateway(Cidr subnet, String gateway) {
        return gateway == null ? subnet.host(1) : subnet.withAddress(gateway);
    }
}
