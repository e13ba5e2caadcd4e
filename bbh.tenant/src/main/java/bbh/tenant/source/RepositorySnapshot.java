package bbh.tenant.source;

import bbh.api.source.RepositoryFiles;
import java.io.IOException;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The tenant repository as it is at one commit (or, for a plain folder, at one moment).
 * Closing it releases what reading it holds open.
 */
public interface RepositorySnapshot extends AutoCloseable {

    /**
     * The commit: a 40-hex git commit id, or for a plain folder {@code worktree:} followed by the
     * git tree id its {@code extensions/} and {@code tenants/} folders would have if committed.
     */
    String commit();

    /**
     * Every folder under {@code tenants/}, sorted by name, with the git tree id of its content. Two
     * snapshots in which a folder has the same id have byte-identical folders, which is what makes
     * synchronisation incremental. Plain files directly under {@code tenants/} are not tenants and
     * are left out.
     */
    SortedMap<String, String> tenantTrees() throws IOException;

    /** The folder {@code tenants/<name>}, empty when there is none. */
    Optional<TenantFolder> tenant(String name) throws IOException;

    /**
     * The repository's files at this commit, for the checks stage bundles add
     * ({@link bbh.api.tenant.TenantRule}) and for stages that build from them. Readable while this
     * snapshot is open; a plain folder's files are read as they are, so they answer for this commit
     * only while its content is unchanged.
     */
    RepositoryFiles files();

    @Override
    void close();
}
