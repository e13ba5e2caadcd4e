package bbh.api.stage;

import bbh.api.pipeline.Stage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The {@link Stage#UNITS_WRITTEN} stage: writes the tenant's units, drop-ins and slice, then reloads systemd.
 */
@ConsumerType
public interface UnitsStage extends TenantStage {
    @Override
    default Stage stage() {
        return Stage.UNITS_WRITTEN;
    }
}
