package bbh.api.source;

import java.io.IOException;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The tenant repository's content at the commits bbh has seen: what a stage builds from when its
 * work names a commit (an extension's tree at {@link bbh.api.stage.TenantWork#commit()}, for
 * instance). Registered by the component that follows the repository. Since 1.2.
 */
@ProviderType
public interface RepositoryContent {

    /**
     * The repository's files at {@code commit}, as {@link bbh.api.pipeline.PipelineEventKeys#COMMIT}
     * describes it. A git commit stays readable after later fetches (git never rewrites an object);
     * a plain folder has no history, so its files answer only while its content is still that
     * commit's.
     *
     * @return empty when the commit is not in the repository bbh follows (never fetched, or from
     *     another repository)
     * @throws IOException when the repository cannot be read, or a plain folder changed since
     *     {@code commit} (the next synchronisation brings the new state)
     */
    Optional<RepositoryFiles> at(String commit) throws IOException;
}
