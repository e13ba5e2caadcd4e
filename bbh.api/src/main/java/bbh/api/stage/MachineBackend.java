package bbh.api.stage;

import bbh.api.tenant.TenantSpec;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A way to run a tenant's machine: systemd-nspawn, systemd-vmspawn, or a third party's. The
 * {@link MachineStage} picks the backend named by the tenant's {@code backend} field among the
 * services whose {@link #NAME} property equals it, by the rule of this package.
 */
@ConsumerType
public interface MachineBackend {

    /** Service property: the backend's name as tenants write it, e.g. {@code nspawn}. Required. */
    String NAME = "bbh.backend";

    /**
     * Why this host cannot run the tenant's machine with this backend (too old a systemd, a missing
     * device), or empty when it can.
     */
    Optional<String> unsupportedReason(TenantSpec spec, HostLayout host);

    /** Writes what the machine needs and starts it; returns once it runs. */
    void start(TenantWork work) throws StageException;

    /** Stops the tenant's machine and removes what {@link #start} wrote. Succeeds when nothing runs. */
    void stop(String tenantId, HostLayout host) throws StageException;
}
