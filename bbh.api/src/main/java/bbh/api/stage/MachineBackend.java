package bbh.api.stage;

import bbh.api.tenant.TenantSpec;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A way to run a tenant's machine: systemd-nspawn, systemd-vmspawn, or a third party's. The
 * {@link MachineStage} picks the backend named by the tenant's {@code backend} field among the
 * services whose {@link #NAME} property equals it, by the rule of this package.
 *
 * <p>A backend only says what the machine is made of ({@link #plan}); the machine stage does the
 * rest the same way for every backend: it writes the plan's files atomically, reloads systemd,
 * starts {@code tenant-vm@<id>.service} (restarting it only when the plan changed), follows the job
 * to its end and confirms that machined knows a machine named after the tenant's id. Stopping a
 * machine and removing its files is the stage's work too, so a backend that leaves takes nothing
 * down with it.
 */
@ConsumerType
public interface MachineBackend {

    /** Service property: the backend's name as tenants write it, e.g. {@code nspawn}. Required. */
    String NAME = "bbh.backend";

    /**
     * Why this host cannot run the tenant's machine with this backend (too old a systemd, a missing
     * device), or empty when it can. The tenant then fails at vm-started with this reason.
     */
    Optional<String> unsupportedReason(TenantSpec spec, HostLayout host);

    /**
     * What the tenant's machine is made of, computed from {@code work} alone: no side effects, the
     * same plan for the same work, so the stage can tell a changed machine from an unchanged one.
     *
     * @throws StageException when the tenant's settings cannot make a machine with this backend; the
     *     tenant fails at vm-started with the message
     */
    MachinePlan plan(TenantWork work) throws StageException;
}
