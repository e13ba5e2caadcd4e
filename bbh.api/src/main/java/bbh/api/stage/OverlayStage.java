package bbh.api.stage;

import bbh.api.pipeline.Stage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The {@link Stage#OVERLAY_MOUNTED} stage: puts the tenant's extension images in place and confirms they are merged.
 */
@ConsumerType
public interface OverlayStage extends TenantStage {
    @Override
    default Stage stage() {
        return Stage.OVERLAY_MOUNTED;
    }
}
