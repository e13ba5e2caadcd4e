package bbh.tenant.validate;

import bbh.api.tenant.TenantSpec;
import bbh.api.tenant.TenantUnitFile;
import java.util.stream.Collectors;

/**
 * A TenantSpec as readable, deterministic lines, for golden files of valid fixtures; a unit file as
 * its name, line count and first characters.
 */
final class SpecText {
    private SpecText() {}

    static String of(TenantSpec s) {
        String id = s.id();
        StringBuilder b = new StringBuilder();
        b.append(id).append(": schemaVersion=").append(s.schemaVersion()).append(" enabled=").append(s.enabled())
                .append(" backend=").append(s.backend()).append(" description=").append(Quoted.of(s.description())).append('\n');
        b.append(id).append(": image=").append(s.image() == null ? "none" : s.image().type() + " " + s.image().name()).append('\n');
        TenantSpec.Resources r = s.resources();
        b.append(id).append(": resources cpuWeight=").append(r.cpuWeight()).append(" cpuQuota=").append(r.cpuQuota())
                .append(" memoryMax=").append(r.memoryMax()).append(" memoryHigh=").append(r.memoryHigh())
                .append(" ioWeight=").append(r.ioWeight()).append(" tasksMax=").append(r.tasksMax())
                .append(" storageQuota=").append(r.storageQuota()).append('\n');
        // Only when there are any, as unit files below.
        for (TenantSpec.IoLimit io : r.io()) {
            b.append(id).append(": io device=").append(io.device()).append(" read=").append(io.readBandwidth())
                    .append(" write=").append(io.writeBandwidth()).append('\n');
        }
        TenantSpec.Network n = s.network();
        b.append(id).append(": network=").append(n == null ? "none" : n.subnet() + " vlan=" + n.vlan() + " dns=" + n.dns()).append('\n');
        // Only when set: the fixtures from before the network's 1.4 fields stay as they were.
        if (n != null && !n.equals(new TenantSpec.Network(n.subnet(), n.vlan(), n.dns()))) {
            b.append(id).append(": network gateway=").append(n.gateway()).append(" subnet6=").append(n.subnet6())
                    .append(" gateway6=").append(n.gateway6()).append(" dhcp=").append(n.dhcp()).append(" domains=")
                    .append(n.domains()).append(" mtu=").append(n.mtu()).append(" uplink=").append(n.uplink()).append('\n');
            b.append(id).append(": network vxlan=").append(n.vxlan()).append(" shaping=").append(n.shaping()).append('\n');
            b.append(id).append(": network wireguard=").append(n.wireguard()).append('\n');
        }
        b.append(id).append(": extensions=").append(s.extensions().stream().map(e -> e.name() + ":" + e.type())
                .collect(Collectors.joining(", ", "[", "]"))).append('\n');
        b.append(id).append(": dependsOn=").append(s.dependsOn()).append('\n');
        b.append(id).append(": sourcePath=").append(s.sourcePath()).append('\n');
        // Only when there are any: the fixtures from before unit files stay as they were.
        for (TenantUnitFile u : s.units()) {
            b.append(id).append(": unit ").append(u.name()).append(' ').append(u.text().lines().count()).append(" lines ")
                    .append(Quoted.of(u.text())).append('\n');
        }
        // Only when given, as unit files.
        if (!s.machine().equals(TenantSpec.Machine.NONE)) {
            b.append(id).append(": machine ").append(s.machine()).append('\n');
        }
        return b.toString();
    }
}
