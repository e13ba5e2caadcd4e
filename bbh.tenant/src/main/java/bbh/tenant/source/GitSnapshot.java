package bbh.tenant.source;

import java.io.IOException;
import java.util.Collections;
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
    private final AtomicBoolean closed = new AtomicBoolean();

    private GitSnapshot(Repository repository, String commit, ObjectId tenantsTree) {
        this.repository = repository;
        this.commit = commit;
        this.tenantsTree = tenantsTree;
    }

    /**
     * Opens the snapshot of {@code commitId}, taking one use of {@code repository}.
     *
     * @throws IOException when the commit or its tree cannot be read
     */
    static GitSnapshot open(Repository repository, ObjectId commitId) throws IOException {
        ObjectId tenants = null;
        try (ObjectReader reader = repository.newObjectReader(); RevWalk walk = new RevWalk(reader)) {
            RevCommit c = walk.parseCommit(commitId);
            try (TreeWalk tw = TreeWalk.forPath(reader, TENANTS, c.getTree())) {
                // A "tenants" file or symlink is no tenants folder: the repository has no tenants.
                if (tw != null && tw.getFileMode(0) == FileMode.TREE) {
                    tenants = tw.getObjectId(0);
                }
            }
        }
        repository.incrementOpen();
        return new GitSnapshot(repository, commitId.name(), tenants);
    }

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
        ensureOpen();
        if (tenantsTree == null) {
            return Collections.emptySortedMap();
        }
        SortedMap<String, String> trees = new TreeMap<>();
        try (ObjectReader reader = repository.newObjectReader()) {
            // One tree object read: the entries of tenants/, nothing below them.
            CanonicalTreeParser p = new CanonicalTreeParser(null, reader, tenantsTree);
            for (; !p.eof(); p.next()) {
                if (p.getEntryFileMode() == FileMode.TREE) {
                    trees.put(p.getEntryPathString(), p.getEntryObjectId().name());
                }
            }
        }
        return Collections.unmodifiableSortedMap(trees);
    }

    @Override
    public Optional<TenantFolder> tenant(String name) throws IOException {
        ensureOpen();
        if (tenantsTree == null || !isFolderName(name)) {
            return Optional.empty();
        }
        try (ObjectReader reader = repository.newObjectReader();
                TreeWalk tw = TreeWalk.forPath(reader, name, tenantsTree)) {
            if (tw == null || tw.getFileMode(0) != FileMode.TREE) {
                return Optional.empty();
            }
            return Optional.of(new GitTenantFolder(repository, name, tw.getObjectId(0)));
        }
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

    private static boolean isFolderName(String name) {
        return name != null && !name.isEmpty() && !name.equals(".") && !name.equals("..")
                && name.indexOf('/') < 0 && name.indexOf('\0') < 0;
    }

    @Override
    public String toString() {
        return "GitSnapshot[" + commit + "]";
    }
}
