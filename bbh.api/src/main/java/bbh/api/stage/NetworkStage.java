package bbh.api.stage;

import bbh.api.pipeline.Stage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The {@link Stage#NETWORK_UP} stage: configures the tenant's links with systemd-networkd and waits until they are up.
 */
@ConsumerType
public interface NetworkStage extends TenantStage {
    @Override
    default Stage stage() {
        return Stage.NETWORK_UP;
    }
}
