package bbh.network;

import bbh.api.tenant.TenantSpec;
import java.util.List;

/** Tenant specs the tests render: each part of the network alone, and everything together. */
final class Specs {
    private Specs() {}

    static TenantSpec tenant(String id, TenantSpec.Network network) {
        return new TenantSpec(1, id, "", true, "nspawn", null, null, network, List.of(), List.of(),
                "tenants/" + id + "/metadata.json");
    }

    /** The smallest network: a subnet; everything else defaults (gateway .1, DHCP on). */
    static TenantSpec minimal() {
        return tenant("acme", new TenantSpec.Network("10.101.0.0/24", null, List.of()));
    }

    /** Every field given. */
    static TenantSpec full() {
        return tenant("globex", new TenantSpec.Network("10.102.0.0/24", 102, List.of("10.102.0.53", "fd00:102::53"),
                "10.102.0.254", "fd00:102::/64", "fd00:102::fe", new TenantSpec.Dhcp(true, 100, 50, 3600),
                List.of("globex.internal", "corp.example"), 1400, "trunk0",
                new TenantSpec.Vxlan(102, "192.0.2.10", null, "192.0.2.1", 8472),
                new TenantSpec.WireGuard("wg-globex.key", 51820, "10.202.0.1/24", List.of(
                        new TenantSpec.WireGuardPeer("xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=",
                                List.of("10.202.0.0/24", "fd00:202::/64"), "[2001:db8::7]:51820", 25))),
                new TenantSpec.Shaping("100M", null, null)));
    }

    /** IPv6 only: no DHCP server, router advertisements instead; a long id's shortened names. */
    static TenantSpec ipv6Only() {
        return tenant("umbrella-research-lab", new TenantSpec.Network("fd00:103::/64", null, List.of("fd00:103::53"), null,
                null, null, new TenantSpec.Dhcp(false, null, null, null), List.of("umbrella.internal"), null, "eth1",
                new TenantSpec.Vxlan(103, null, "ff05::103", null, null), null, null));
    }
}
