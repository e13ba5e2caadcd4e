package bbh.tenant.source;

import bbh.api.source.FileEntry;
import bbh.api.source.RepositoryFiles;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A git commit's files, read from the object database with JGit's {@link TreeWalk}: what a
 * {@link bbh.api.tenant.TenantRule} checks and a stage builds from. Modes are git's (it records no
 * more than executable or not), content ids are git tree ids, so a tree brought back by a revert has
 * the id it had before.
 *
 * <p>Readable while {@code repository} is open (the snapshot or source that made this holds it);
 * thread-safe, each call opens its own {@link ObjectReader}. Objects of a commit stay readable after
 * later fetches: git never rewrites an object.
 */
final class GitRepositoryFiles implements RepositoryFiles {

    private final Repository repository;
    private final String commit;
    private final ObjectId rootTree;

    GitRepositoryFiles(Repository repository, String commit, ObjectId rootTree) {
        this.repository = repository;
        this.commit = commit;
        this.rootTree = rootTree;
    }

    @Override
    public String commit() {
        return commit;
    }

    @Override
    public List<FileEntry> walk(String folder) throws IOException {
        String path = RepositoryPaths.normalize(folder);
        List<FileEntry> entries = new ArrayList<>();
        try (ObjectReader reader = repository.newObjectReader()) {
            ObjectId tree = folderTree(reader, path, true);
            if (tree == null) {
                return List.of();
            }
            String prefix = path.isEmpty() ? "" : path + "/";
            try (TreeWalk tw = new TreeWalk(reader)) {
                tw.addTree(tree);
                tw.setRecursive(false);
                while (tw.next()) {
                    String p = prefix + tw.getPathString();
                    FileMode m = tw.getFileMode(0);
                    ObjectId id = tw.getObjectId(0);
                    if (m == FileMode.TREE) {
                        entries.add(new FileEntry(p, FileEntry.Kind.FOLDER, 0755, 0, null));
                        tw.enterSubtree();
                    } else if (m == FileMode.SYMLINK) {
                        String target = new String(reader.open(id, Constants.OBJ_BLOB).getCachedBytes(4096),
                                StandardCharsets.UTF_8);
                        entries.add(new FileEntry(p, FileEntry.Kind.SYMLINK, 0777, 0, target));
                    } else if (m == FileMode.GITLINK) {
                        entries.add(new FileEntry(p, FileEntry.Kind.SUBMODULE, 0, 0, null));
                    } else {
                        int mode = m == FileMode.EXECUTABLE_FILE ? 0755 : 0644;
                        long size = reader.getObjectSize(id, Constants.OBJ_BLOB);
                        entries.add(new FileEntry(p, FileEntry.Kind.FILE, mode, size, null));
                    }
                }
            }
        }
        // TreeWalk gives git's order (a folder sorts as "name/"); the contract is plain path order.
        entries.sort(Comparator.comparing(FileEntry::path));
        return entries;
    }

    @Override
    public InputStream open(String file) throws IOException {
        String path = RepositoryPaths.normalize(file);
        ObjectReader reader = repository.newObjectReader();
        boolean handedOver = false;
        try (TreeWalk tw = path.isEmpty() ? null : TreeWalk.forPath(reader, path, rootTree)) {
            if (tw == null) {
                throw new IOException(file + ": no such file in commit " + commit);
            }
            FileMode m = tw.getFileMode(0);
            if (m != FileMode.REGULAR_FILE && m != FileMode.EXECUTABLE_FILE) {
                throw new IOException(file + ": not a regular file in commit " + commit);
            }
            // A large blob is streamed from its pack through the reader: it closes with the stream.
            InputStream in = new FilterInputStream(reader.open(tw.getObjectId(0), Constants.OBJ_BLOB).openStream()) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        reader.close();
                    }
                }
            };
            handedOver = true;
            return in;
        } finally {
            if (!handedOver) {
                reader.close();
            }
        }
    }

    @Override
    public Optional<String> contentId(String folder) throws IOException {
        String path = RepositoryPaths.normalize(folder);
        try (ObjectReader reader = repository.newObjectReader()) {
            return Optional.ofNullable(folderTree(reader, path, false)).map(ObjectId::name);
        }
    }

    /**
     * The tree of {@code path}, null when there is nothing there; a file there is an error when
     * {@code strict}, else null.
     */
    private ObjectId folderTree(ObjectReader reader, String path, boolean strict) throws IOException {
        if (path.isEmpty()) {
            return rootTree;
        }
        try (TreeWalk tw = TreeWalk.forPath(reader, path, rootTree)) {
            if (tw == null) {
                return null;
            }
            if (tw.getFileMode(0) != FileMode.TREE) {
                if (strict) {
                    throw new IOException(path + ": not a folder in commit " + commit);
                }
                return null;
            }
            return tw.getObjectId(0);
        }
    }

    @Override
    public String toString() {
        return "GitRepositoryFiles[" + commit + "]";
    }
}
