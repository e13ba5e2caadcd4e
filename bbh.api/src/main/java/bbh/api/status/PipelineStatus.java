package bbh.api.status;

import bbh.api.pipeline.PipelineEvent;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The platform's record of every tenant's pipeline: for each tenant, each stage and the latest
 * commit, the state, times and message; and the most recent events.
 */
@ProviderType
public interface PipelineStatus {

    /** Every tenant known since start, sorted by id. */
    List<TenantStatus> tenants();

    /** One tenant's status. */
    Optional<TenantStatus> tenant(String tenantId);

    /** The most recent pipeline events, oldest first, at most {@code max}. */
    List<PipelineEvent> recentEvents(int max);
}
