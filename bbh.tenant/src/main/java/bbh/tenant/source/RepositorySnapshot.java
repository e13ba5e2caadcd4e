package bbh.tenant.source;

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
     * git tree id its content would have if committed.
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

    @Override
    void close();
}
