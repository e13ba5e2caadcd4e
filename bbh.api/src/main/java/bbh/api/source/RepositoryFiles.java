package bbh.api.source;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The files of the tenant repository at one commit, read-only and bounded to the repository: what
 * a {@link bbh.api.tenant.TenantRule} checks and what a stage builds from (an extension's tree, for
 * instance). Paths are relative to the repository's top with {@code /} separators, e.g.
 * {@code tenants/acme/extensions/tools}.
 */
@ProviderType
public interface RepositoryFiles {

    /** The commit these files are from, as {@link bbh.api.pipeline.PipelineEventKeys#COMMIT} describes it. */
    String commit();

    /**
     * Every entry under {@code folder}, recursively, sorted by path; the folder itself is not
     * listed. Symlinks are listed, never followed. Empty when the folder does not exist.
     *
     * @throws IOException when the repository cannot be read, or {@code folder} is not a folder
     */
    List<FileEntry> walk(String folder) throws IOException;

    /**
     * The content of a regular file.
     *
     * @throws IOException when it is missing, not a regular file, or cannot be read
     */
    InputStream open(String file) throws IOException;

    /**
     * An id of {@code folder}'s whole content (names, kinds, modes, bytes, link targets): two folders
     * with equal ids are identical; for a git repository it is the git tree id. Empty when the
     * folder does not exist.
     */
    Optional<String> contentId(String folder) throws IOException;
}
