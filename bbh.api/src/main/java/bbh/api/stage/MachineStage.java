package bbh.api.stage;

import bbh.api.pipeline.Stage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The {@link Stage#VM_STARTED} stage: starts the tenant's machine through its {@link MachineBackend} and confirms it runs.
 */
@ConsumerType
public interface MachineStage extends TenantStage {
    @Override
    default Stage stage() {
        return Stage.VM_STARTED;
    }
}
