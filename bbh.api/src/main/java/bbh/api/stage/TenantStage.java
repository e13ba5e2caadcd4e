package bbh.api.stage;

import bbh.api.pipeline.Stage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The shape every stage shares. Implement one of its sub-interfaces ({@link UnitsStage},
 * {@link NetworkStage}, {@link OverlayStage}, {@link MachineStage}), never this one alone.
 *
 * <p>Calls for one tenant never overlap and come in generation order; calls for different tenants
 * may run at the same time.
 */
@ConsumerType
public interface TenantStage {

    /** The stage this implements. */
    Stage stage();

    /**
     * Brings the tenant to this stage's state for {@code work}'s commit. Returns when done; the
     * driver then posts the stage's event.
     *
     * @throws StageException when it cannot; the driver posts FAILED with the message
     */
    void apply(TenantWork work) throws StageException;

    /**
     * Undoes this stage's work for a tenant that left the repository: stops what it started and
     * removes what it wrote. Must succeed when there is nothing to undo.
     */
    void remove(String tenantId, HostLayout host) throws StageException;
}
