package bbh.tenant.units;

import bbh.api.stage.HostLayout;
import bbh.api.tenant.TenantNames;
import bbh.tenant.snapshot.UnitSnapshots;
import bbh.tenant.unit.RenderedTree;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Where a tenant's own units ({@link MachineUnits}) wait for its machine: a slot per tenant under
 * bbh's state, written as a whole by {@link UnitSnapshots} (new folder {@code g<N>}, one rename of
 * the {@code current} symlink, the old folder deleted), so a reader sees the old set or the new one,
 * never a mix, and files of removed units disappear:
 * <pre>
 * &lt;state&gt;/machine-units/tenants/&lt;id&gt;/current -&gt; g&lt;N&gt;    what the machine stage binds into the machine
 * </pre>
 * Not under any unit folder of the host, and not under {@code <state>/units}, which tenant-generator
 * copies into the host's systemd: the host's systemd never loads these files. Not under the tenant's
 * state {@code /var/lib/tenants/<id>} either, where {@code tenant-infra@} mounts the storage image
 * over whatever bbh would have written before (docs/units.md, "A tenant's own units").
 */
public final class MachineUnitsFolder {
    private MachineUnitsFolder() {}

    /** The snapshot folder of the tenants' own units, under bbh's state. */
    public static final String FOLDER = "machine-units";

    /**
     * The folder holding the tenant's own units in force, {@code <state>/machine-units/tenants/<id>/current}
     * (a symlink to the generation in force): what the machine stage binds read-only into the machine.
     * It exists once the units stage has run for a tenant that ships units, and is absent when it
     * ships none: the machine stage binds it only when it exists.
     */
    public static Path of(HostLayout host, String tenantId) {
        if (!TenantNames.isValidId(tenantId)) {
            throw new IllegalArgumentException("not a tenant id: '" + tenantId + "'");
        }
        return snapshots(host).folder().resolve(UnitSnapshots.TENANTS).resolve(tenantId).resolve(UnitSnapshots.CURRENT);
    }

    /**
     * Makes {@code files} the tenant's own units in force, as generation {@code generation}.
     *
     * @param durable fsync around the switch (see {@link UnitSnapshots})
     * @return true when they changed, false when the folder already held exactly these files
     */
    static boolean write(HostLayout host, String tenantId, long generation, RenderedTree files, boolean durable)
            throws IOException {
        return snapshots(host, durable).writeTenant(tenantId, generation, files);
    }

    /** Removes the tenant's own units; false when it had none. */
    static boolean remove(HostLayout host, String tenantId) throws IOException {
        return snapshots(host, false).removeTenant(tenantId);
    }

    private static UnitSnapshots snapshots(HostLayout host) {
        return snapshots(host, false);
    }

    private static UnitSnapshots snapshots(HostLayout host, boolean durable) {
        return new UnitSnapshots(host.bbhState().resolve(FOLDER), durable);
    }
}
