package bbh.api.source;

import bbh.api.tenant.TenantSpec;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The tenant repository bbh follows: fetched on a timer and on demand; each new commit sends the
 * tenants whose folder changed down the pipeline.
 */
@ProviderType
public interface TenantRepository {

    /** Fetches now and processes the new commit, if any; returns what it found. */
    SyncReport sync();

    /** The last synchronisation's report, empty before the first. */
    Optional<SyncReport> lastSync();

    /**
     * The tenants in force, sorted by id: for each tenant folder, its last valid spec (which may be
     * older than the folder's current content when that is invalid).
     */
    List<TenantSpec> tenants();

    /** Where the repository is, as configured: a folder or a URL. */
    String location();
}
