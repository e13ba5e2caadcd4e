package bbh.tenant.source;

import bbh.api.source.RepositoryFiles;
import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The tenant repository at one git commit, read from the object database (never from working
 * files).
 *
 * <p>Holds one use of the {@link Repository} ({@link Repository#incrementOpen()}), given back by
 * {@link #close()}, so a snapshot stays readable even if its {@link RepositorySource} is closed
 * first. Thread-safe: each call opens its own {@link ObjectReader}.
 */
final class GitSnapshot implements RepositorySnapshot {

    private static final String TENANTS = "tenants";

    private final Repository repository;
    private final String commit;
    /** The commit's {@code tenants} tree, null when the commit has none. */
    private final ObjectId tenantsTree;
    /** The commit's whole tree. */
    private final ObjectId rootTree;
    private final AtomicBoolean closed = new AtomicBoolean();

    private GitSnapshot(Repository repository, String commit, ObjectId tenantsTree, ObjectId rootTree) {
        this.repository = repository;
        this.commit = commit;
        this.tenantsTree = tenantsTree;
        this.rootTree = rootTree;
    }

    /**
     * Opens the snapshot of {@code commitId}, taking one use of {@code repository}.
     *
     * @throws IOException when the commit or its tree cannot be read
     */
    static GitSnapshot open(Repository repository, ObjectId commitId) throws IOException {
        ObjectId tenants = null;
        ObjectId root;
        try (ObjectReader reader = repository.newObjectReader(); RevWalk walk = new RevWalk(reader)) {
            RevCommit c = walk.parseCommit(commitId);
            root = c.getTree().getId();
            try (TreeWalk tw = TreeWalk.forPath(reader, TENANTS, c.getTree())) {
                // A "tenants" file or symlink is no tenants folder: the repository has no tenants.
                if (tw != null && tw.getFileMode(0) == FileMode.TREE) {
                    tenants = tw.getObjectId(0);
                }
            }
        }
        repository.incrementOpen();
        return new GitSnapshot(repository, commitId.name(), tenants, root);
    }

    /** Guarded by this: the tenant folders, read on first use. */
    private Map<String, ObjectId> folders;

    @Override
    public String commit() {
        return commit;
    }

    /** The commit's {@code tenants} tree id, empty when it has none. */
    Optional<ObjectId> tenantsTree() {
        return Optional.ofNullable(tenantsTree);
    }

    @Override
    public SortedMap<String, String> tenantTrees() throws IOException {
        SortedMap<String, String> trees = new TreeMap<>();
        folders().forEach((name, id) -> trees.put(name, id.name()));
        return Collections.unmodifiableSortedMap(trees);
    }

    @Override
    public Optional<TenantFolder> tenant(String name) throws IOException {
        ObjectId tree = folders().get(name);
        return tree == null ? Optional.empty() : Optional.of(new GitTenantFolder(repository, name, tree));
    }

    /**
     * The folders under {@code tenants/} and their tree ids, read once per snapshot: looking a
     * tenant up by walking the tree each time would cost O(tenants) per tenant.
     */
    private synchronized Map<String, ObjectId> folders() throws IOException {
        ensureOpen();
        if (folders == null) {
            Map<String, ObjectId> found = new TreeMap<>();
            if (tenantsTree != null) {
                try (ObjectReader reader = repository.newObjectReader()) {
                    // One tree object read: the entries of tenants/, nothing below them.
                    CanonicalTreeParser p = new CanonicalTreeParser(null, reader, tenantsTree);
                    for (; !p.eof(); p.next()) {
                        if (p.getEntryFileMode() == FileMode.TREE) {
                            found.put(p.getEntryPathString(), p.getEntryObjectId());
                        }
                    }
                }
            }
            folders = Collections.unmodifiableMap(found);
        }
        return folders;
    }

    @Override
    public RepositoryFiles files() {
        return new GitRepositoryFiles(repository, commit, rootTree);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            repository.close();
        }
    }

    private void ensureOpen() throws IOException {
        if (closed.get()) {
            throw new IOException("snapshot of commit " + commit + " is closed");
        }
    }

    @Override
    public String toString() {
        return "GitSnapshot[" + commit + "]";
    }
}
