package bbh.api.systemd;

import java.util.List;

/**
 * One link as systemd-networkd reports it: its {@code org.freedesktop.network1.Link} states and, from
 * {@code Manager.DescribeLink}, its addresses and DNS settings (systemd-networkd(8),
 * org.freedesktop.network1(5)).
 *
 * @param index the kernel's interface index
 * @param name the interface name, e.g. {@code br-acme}
 * @param kind the kind networkd names, e.g. {@code bridge}, {@code vxlan}; empty when it names none
 * @param administrativeState {@code pending}, {@code initialized}, {@code configuring},
 *     {@code configured}, {@code unmanaged}, {@code failed} or {@code linger}
 * @param operationalState {@code off}, {@code no-carrier}, {@code dormant}, {@code carrier},
 *     {@code degraded-carrier}, {@code enslaved}, {@code degraded} or {@code routable}
 * @param carrierState the carrier part of the operational state
 * @param addresses the link's addresses, {@code address/prefix}, in networkd's order
 * @param dns the link's DNS servers, in order
 * @param domains the link's search domains, in order
 * @param networkFile the .network file networkd applied, empty for none
 */
public record NetworkLink(
        int index,
        String name,
        String kind,
        String administrativeState,
        String operationalState,
        String carrierState,
        List<String> addresses,
        List<String> dns,
        List<String> domains,
        String networkFile) {

    /** networkd has applied the link's .network file. */
    public static final String CONFIGURED = "configured";
    /** networkd gave up configuring the link. */
    public static final String FAILED = "failed";

    public NetworkLink {
        kind = kind == null ? "" : kind;
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
        dns = dns == null ? List.of() : List.copyOf(dns);
        domains = domains == null ? List.of() : List.copyOf(domains);
        networkFile = networkFile == null ? "" : networkFile;
    }

    /**
     * True when networkd is done with the link, for better or worse: {@code configured},
     * {@code failed}, {@code unmanaged} (no .network file matched) or {@code linger} (the link is
     * gone); false while it is still {@code pending}, {@code initialized} or {@code configuring}.
     */
    public boolean settled() {
        return switch (administrativeState) {
            case "configured", "failed", "unmanaged", "linger" -> true;
            default -> false;
        };
    }
}
