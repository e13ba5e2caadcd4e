package bbh.vmspawn;

import bbh.api.stage.StageException;
import bbh.api.tenant.TenantNames;
import bbh.api.tenant.TenantSpec;
import bbh.tenant.unit.GeneratedHeader;
import bbh.tenant.unit.UnitFile;
import bbh.tenant.unit.UnitValues;

/**
 * The systemd-networkd file that makes a VM's tap a port of its tenant's bridge. systemd-vmspawn's
 * {@code --network-tap} only creates the tap ({@code vt-<machine>}, {@link TapNames}); systemd
 * ships {@code /usr/lib/systemd/network/80-vm-vt.network}, which would make it a routed link of its
 * own. This file sorts before it ({@code 70-}) and matches the one tap by name, so networkd applies it
 * instead (the first matching file wins, systemd.network(5)) and joins the tap to
 * {@code br-<id>} ({@code TenantNames.bridgeName}). {@code Bridge=} names a netdev networkd knows: the
 * network stage's {@code .netdev} of the bridge.
 */
final class TapNetwork {
    private TapNetwork() {}

    /** The file's path relative to the host's root. */
    static String path(String id) {
        return "etc/systemd/network/70-bbh-vm-" + id + ".network";
    }

    static UnitFile render(TenantSpec spec, String commit) throws StageException {
        String id = spec.id();
        String tap = TapNames.vmTap(id);
        String bridge = TenantNames.bridgeName(id);
        return UnitFile.builder("70-bbh-vm-" + id + ".network")
                .line(GeneratedHeader.of(MachineFields.source(spec), commit))
                .comment("The tap systemd-vmspawn makes for tenant " + id + "'s VM, a port of the tenant's bridge.")
                .section("Match")
                .set("Name", MachineFields.value(spec, "network", () -> UnitValues.word(tap)))
                .section("Network")
                .set("Bridge", MachineFields.value(spec, "network", () -> UnitValues.word(bridge)))
                .build();
    }
}
