package bbh.tenant.source;

import bbh.api.source.RepositoryFiles;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SortedMap;

/**
 * A plain folder's tenants as they were when the snapshot was opened: the ids are computed then
 * ({@link FolderTreeHasher}); files are read live through {@link DirectoryTenantFolder}, so a file
 * edited after {@code open()} is read in its new state (a plain folder has no history to pin).
 * Immutable and thread-safe; holds nothing open.
 */
final class FolderSnapshot implements RepositorySnapshot {

    /**
     * Prefix of a plain folder's commit, followed by the tree id of its {@code extensions/} and
     * {@code tenants/} folders ({@link FolderTreeHasher.TopTree#topTree()}).
     */
    static final String WORKTREE_PREFIX = "worktree:";

    private final Path top;
    private final String commit;
    private final SortedMap<String, String> tenantTrees;

    /**
     * @param top the folder's top (holding {@code tenants/}), absolute
     * @param trees the tree ids computed from it
     */
    FolderSnapshot(Path top, FolderTreeHasher.TopTree trees) {
        this.top = top;
        this.commit = WORKTREE_PREFIX + trees.topTree().name();
        this.tenantTrees = trees.tenants().tenants();
    }

    @Override
    public String commit() {
        return commit;
    }

    @Override
    public SortedMap<String, String> tenantTrees() {
        return tenantTrees;
    }

    @Override
    public Optional<TenantFolder> tenant(String name) {
        // Only names seen at open(): that also rules out "..", "a/b" and other non-folder names.
        if (name == null || !tenantTrees.containsKey(name)) {
            return Optional.empty();
        }
        return Optional.of(new DirectoryTenantFolder(top, name));
    }

    @Override
    public RepositoryFiles files() {
        return new FolderRepositoryFiles(top, commit);
    }

    @Override
    public void close() {
        // Nothing held open.
    }

    @Override
    public String toString() {
        return "FolderSnapshot[" + top + " " + commit + "]";
    }
}
