package bbh.network;

import bbh.api.stage.HostLayout;
import bbh.tenant.snapshot.UnitSnapshots;
import bbh.tenant.unit.RenderedTree;
import java.io.IOException;

/**
 * The network files bbh last switched in, kept as snapshots under {@code <state>/networks} (the
 * layout, lock and crash rules of docs/generators.md): per tenant its set, and the host-wide slot the
 * operator's uplinks' files. {@link NetworkFolder} keeps networkd's folder in {@code /run}, which is
 * empty after a reboot; {@code bbh-network-restore.service} copies these snapshots back into it
 * before networkd starts, so the tenants' links come back at boot without bbh.
 *
 * <p>Written before the folder: a crash between the two leaves the snapshot one set ahead of
 * {@code /run}, which the next apply of the tenant catches up, and which a reboot restores whole.
 */
final class NetworkSnapshots {

    /** The folder under bbh's state, and the kind the restore program was built for. */
    static final String KIND = "networks";

    private final UnitSnapshots snapshots;

    NetworkSnapshots(HostLayout host) {
        this.snapshots = new UnitSnapshots(host.bbhState().resolve(KIND), true);
    }

    /** Makes {@code files} the tenant's snapshot; a tenant without files has none. */
    void tenant(String id, long generation, RenderedTree files) throws IOException {
        if (files.entries().isEmpty()) {
            snapshots.removeTenant(id);
        } else {
            snapshots.writeTenant(id, generation, files);
        }
    }

    /** The host-wide files (the uplinks'): generation 1 always, a slot rewritten only when they differ. */
    void host(RenderedTree files) throws IOException {
        snapshots.writeHost(1, files);
    }

    void remove(String id) throws IOException {
        snapshots.removeTenant(id);
    }
}
