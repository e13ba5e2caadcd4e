package bbh.network;

import bbh.api.tenant.TenantSpec;
import bbh.tenant.unit.UnitFile;
import bbh.tenant.unit.UnitLine;
import bbh.tenant.unit.UnitValues;

/**
 * The tenant's WireGuard tunnel {@code wg-<id>}. The private key is read by networkd from a file on
 * the host, {@code /etc/bbh/credentials/<id>/<privateKeyFile>} (the folder the machine stage's
 * credentials come from), never written by bbh: the repository only names it. networkd reads it as
 * user systemd-network, so it must be readable by that group (systemd.netdev(5),
 * {@code PrivateKeyFile=}). {@code RouteTable=main} makes networkd route each peer's allowed IPs
 * through the tunnel.
 */
final class WireGuardRenderer {
    private WireGuardRenderer() {}

    /** Where the hosts keep tenants' secrets; the same folder as machine credentials. */
    static final String CREDENTIALS = "/etc/bbh/credentials";

    static UnitFile netdev(TenantSpec spec, UnitLine.Comment header) {
        TenantSpec.WireGuard w = spec.network().wireguard();
        UnitFile.Builder f = UnitFile.builder(NetworkFiles.tenant(spec.id(), "wireguard", "netdev")).line(header)
                .section("NetDev")
                .set("Name", UnitValues.word(TenantLinks.wireguard(spec.id())))
                .set("Kind", UnitValues.word("wireguard"));
        TenantNetworkRenderer.described(f, spec);
        f.section("WireGuard")
                .set("PrivateKeyFile", UnitValues.path(CREDENTIALS + "/" + spec.id() + "/" + w.privateKeyFile()));
        if (w.listenPort() != null) {
            f.set("ListenPort", UnitValues.integer(w.listenPort()));
        }
        f.set("RouteTable", UnitValues.word("main"));
        for (TenantSpec.WireGuardPeer p : w.peers()) {
            f.section("WireGuardPeer").set("PublicKey", UnitValues.word(p.publicKey()));
            for (String allowed : p.allowedIps()) {
                f.set("AllowedIPs", UnitValues.word(allowed));
            }
            if (p.endpoint() != null) {
                f.set("Endpoint", UnitValues.word(p.endpoint()));
            }
            if (p.persistentKeepalive() != null) {
                f.set("PersistentKeepalive", UnitValues.integer(p.persistentKeepalive()));
            }
        }
        return f.build();
    }

    static UnitFile network(TenantSpec spec, UnitLine.Comment header) {
        TenantSpec.WireGuard w = spec.network().wireguard();
        UnitFile.Builder f = UnitFile.builder(NetworkFiles.tenant(spec.id(), "wireguard", "network")).line(header)
                .section("Match")
                .set("Name", UnitValues.word(TenantLinks.wireguard(spec.id())))
                .section("Link")
                .set("RequiredForOnline", UnitValues.bool(false))
                .section("Network");
        TenantNetworkRenderer.described(f, spec);
        if (w.address() != null) {
            f.set("Address", UnitValues.word(w.address()));
        }
        return f.set("ConfigureWithoutCarrier", UnitValues.bool(true)).build();
    }
}
