package bbh.tenant.units;

import bbh.api.stage.HostLayout;
import bbh.api.stage.StageException;
import bbh.api.stage.TenantWork;
import bbh.api.stage.UnitsStage;
import bbh.api.systemd.JobResult;
import bbh.api.systemd.SystemdException;
import bbh.api.systemd.SystemdManager;
import bbh.tenant.snapshot.UnitSnapshots;
import bbh.tenant.unit.RenderedTree;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The units-written stage: renders the tenant's slice, drop-ins and .wants link
 * ({@link TenantUnits}), switches them in as the tenant's snapshot ({@link UnitSnapshots}), and,
 * when a systemd is reachable, reloads it, which re-runs tenant-generator, which copies the snapshot
 * into {@code /run/systemd/generator}. Without a systemd (rendering into a folder) the stage is done
 * once the files are in place. Templates and generators are installed on first use of a host root.
 * The tenant's own units, for its machine, go to {@link MachineUnitsFolder} first, away from the
 * host's systemd, which does not reload for them.
 */
@Component(service = UnitsStage.class, immediate = true)
public final class UnitsWrittenStage implements UnitsStage {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile SystemdManager systemd;

    /** Host roots whose templates, generators and host-wide slot are in place. */
    private final Set<Path> prepared = new HashSet<>();

    @Override
    public void apply(TenantWork work) throws StageException {
        HostLayout host = work.host();
        String id = work.spec().id();
        boolean switched;
        try {
            prepare(host);
            RenderedTree own = MachineUnits.render(work.spec(), work.commit());
            if (own.entries().isEmpty()) {
                // Most tenants ship none: no folder at all keeps a first render of thousands cheap.
                MachineUnitsFolder.remove(host, id);
            } else {
                MachineUnitsFolder.write(host, id, work.generation(), own, systemd != null);
            }
            switched = snapshots(host).writeTenant(id, work.generation(), TenantUnits.render(work.spec(), work.commit()));
        } catch (UnitRenderException e) {
            throw new StageException(e.getMessage(), e);
        } catch (IOException e) {
            throw new StageException("writing the units of tenant " + id + " under " + host.bbhState() + " failed: " + e, e);
        }
        if (switched) {
            reloadSystemd("tenant " + id);
        }
        if (work.spec().enabled()) {
            prepareState(id);
        }
    }

    /** How long preparing a tenant's state may take: making and formatting its quota image. */
    static final Duration INFRA_TIMEOUT = Duration.ofSeconds(60);

    /**
     * Starts {@code tenant-infra@<id>.service} when a systemd is reachable: the tenant's state folder,
     * and its storage quota mounted on it, exist before later stages write there (extension images,
     * a machine's binds). Mounted later, the quota's file system would hide what they wrote. Already
     * active, the start is a no-op.
     */
    private void prepareState(String id) throws StageException {
        SystemdManager s = systemd;
        if (s == null) {
            return; // rendering into a folder: nothing runs
        }
        String unit = TenantUnitNames.infra(id);
        try {
            JobResult r = s.start(unit, INFRA_TIMEOUT);
            if (!r.done()) {
                throw new StageException("the state of tenant " + id + " could not be prepared: " + unit + " ended with '"
                        + r.result() + "' (journalctl -u " + unit + ")");
            }
        } catch (SystemdException e) {
            throw new StageException("the state of tenant " + id + " could not be prepared: " + e.getMessage(), e);
        }
    }

    @Override
    public void remove(String tenantId, HostLayout host) throws StageException {
        boolean removed;
        try {
            removed = snapshots(host).removeTenant(tenantId);
        } catch (IOException e) {
            throw new StageException("removing the units of tenant " + tenantId + " failed: " + e, e);
        }
        if (removed) {
            reloadSystemd("removal of tenant " + tenantId);
        }
        try {
            // After the reload, which they have no part in: the host's systemd never loaded them.
            MachineUnitsFolder.remove(host, tenantId);
        } catch (IOException e) {
            throw new StageException("removing the own units of tenant " + tenantId + " failed: " + e, e);
        }
    }

    /** Once per host root: templates, generators and the host-wide snapshot (tenant.slice). */
    private synchronized void prepare(HostLayout host) throws IOException {
        if (prepared.contains(host.root())) {
            return;
        }
        HostInstallation.install(host);
        // The host slot does not depend on a commit: name the templates' origin instead.
        snapshots(host).writeHost(1, HostUnits.render("bbh " + bundleVersion()));
        prepared.add(host.root());
    }

    /**
     * The host's unit snapshots. Durable (fsync'd around each switch, so a power cut keeps the last
     * good state) when a systemd runs them; when bbh only renders into a folder, a crash of the
     * process still leaves the last whole snapshot (renames are atomic), and a power cut means
     * rendering again, which costs far less than an fsync per tenant.
     */
    private UnitSnapshots snapshots(HostLayout host) {
        return new UnitSnapshots(host.bbhState().resolve("units"), systemd != null);
    }

    private void reloadSystemd(String why) throws StageException {
        SystemdManager s = systemd;
        if (s == null) {
            return; // rendering into a folder: the files in place are the whole stage
        }
        try {
            // Parallel lanes share reloads: the SystemdManager coalesces them.
            s.reload();
        } catch (SystemdException e) {
            throw new StageException("systemd did not reload after the " + why + ": " + e.getMessage(), e);
        }
    }

    private static String bundleVersion() {
        Package p = UnitsWrittenStage.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null ? "templates" : v;
    }
}
