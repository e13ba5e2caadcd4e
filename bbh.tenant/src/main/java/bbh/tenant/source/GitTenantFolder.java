package bbh.tenant.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A tenant folder read from git's object database at one commit: no working files are involved.
 *
 * <p>Thread-safe: every call opens its own {@link ObjectReader} (readers are not thread-safe, the
 * {@link Repository} is), so validation may read several folders, or several files of one folder,
 * at once. The repository must stay open while the folder is used; {@link GitSnapshot} sees to
 * that.
 */
final class GitTenantFolder implements TenantFolder {

    /** Longest symlink target looked at; Linux refuses longer ones (PATH_MAX). */
    private static final int MAX_LINK_TARGET = 4096;

    private final Repository repository;
    private final String name;
    private final ObjectId tree;

    /**
     * @param repository the repository holding the objects, kept open by the caller
     * @param name the folder's name under {@code tenants/}
     * @param tree the folder's tree id
     */
    GitTenantFolder(Repository repository, String name, ObjectId tree) {
        this.repository = repository;
        this.name = name;
        this.tree = tree;
    }

    @Override
    public String name() {
        return name;
    }

    /** The folder's tree id. */
    ObjectId tree() {
        return tree;
    }

    @Override
    public byte[] read(String file, long maxBytes) throws UnsafeFileException, IOException {
        String shown = path() + "/" + file;
        if (!isPlainRelativePath(file)) {
            throw new UnsafeFileException(shown, "a path inside the tenant's folder was expected");
        }
        try (ObjectReader reader = repository.newObjectReader();
                TreeWalk walk = TreeWalk.forPath(reader, file, tree)) {
            if (walk == null) {
                throw new UnsafeFileException(shown, "file is missing");
            }
            FileMode mode = walk.getFileMode(0);
            if (mode == FileMode.SYMLINK) {
                throw new UnsafeFileException(shown, "a regular file was expected, found a symlink");
            }
            if (mode == FileMode.GITLINK) {
                throw new UnsafeFileException(shown, "a regular file was expected, found a submodule");
            }
            if (mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE) {
                throw new UnsafeFileException(shown, "a regular file was expected");
            }
            ObjectLoader loader = reader.open(walk.getObjectId(0), Constants.OBJ_BLOB);
            // getSize() reads only the object's header: a huge blob is refused before it is inflated.
            long size = loader.getSize();
            if (size > maxBytes || size > Integer.MAX_VALUE - 8) {
                throw new UnsafeFileException(shown, "file is " + size + " bytes, at most " + maxBytes + " expected");
            }
            return loader.getBytes((int) size);
        }
    }

    @Override
    public List<String> list(String folder) throws UnsafeFileException, IOException {
        String shown = path() + "/" + folder;
        if (!isPlainRelativePath(folder)) {
            throw new UnsafeFileException(shown, "a folder inside the tenant's folder was expected");
        }
        List<String> names = new ArrayList<>();
        try (ObjectReader reader = repository.newObjectReader();
                TreeWalk at = TreeWalk.forPath(reader, folder, tree)) {
            if (at == null) {
                return names;
            }
            FileMode mode = at.getFileMode(0);
            if (mode == FileMode.SYMLINK) {
                throw new UnsafeFileException(shown, "a folder was expected, found a symlink");
            }
            if (mode != FileMode.TREE) {
                throw new UnsafeFileException(shown, "a folder was expected");
            }
            // Only the tree objects are read: entries' names and modes, never a blob.
            try (TreeWalk walk = new TreeWalk(reader)) {
                walk.addTree(at.getObjectId(0));
                walk.setRecursive(false);
                while (walk.next()) {
                    names.add(walk.getNameString() + (walk.getFileMode(0) == FileMode.TREE ? "/" : ""));
                }
            }
        }
        // git orders a tree's entries as if folders' names ended in '/'; the contract is String order.
        names.sort(null);
        return names;
    }

    @Override
    public List<UnsafeFileException> unsafeEntries() throws IOException {
        List<UnsafeFileException> found = new ArrayList<>();
        try (ObjectReader reader = repository.newObjectReader(); TreeWalk walk = new TreeWalk(reader)) {
            walk.addTree(tree);
            walk.setRecursive(true);
            while (walk.next()) {
                FileMode mode = walk.getFileMode(0);
                String shown = path() + "/" + walk.getPathString();
                if (mode == FileMode.GITLINK) {
                    found.add(new UnsafeFileException(shown, "submodules are not supported"));
                } else if (mode == FileMode.SYMLINK) {
                    ObjectLoader loader = reader.open(walk.getObjectId(0), Constants.OBJ_BLOB);
                    if (loader.getSize() > MAX_LINK_TARGET) {
                        found.add(new UnsafeFileException(shown,
                                "symlink target is over " + MAX_LINK_TARGET + " bytes; a target inside the repository was expected"));
                        continue;
                    }
                    String target = new String(loader.getBytes(MAX_LINK_TARGET), StandardCharsets.UTF_8);
                    if (SymlinkTargets.leavesRepository(shown, target)) {
                        found.add(new UnsafeFileException(shown,
                                "symlink to '" + target + "' leaves the repository; a target inside it was expected"));
                    }
                }
            }
        }
        return found;
    }

    /** A relative path without empty, {@code .} or {@code ..} steps: what TreeWalk.forPath can find. */
    private static boolean isPlainRelativePath(String file) {
        if (file.isEmpty() || file.indexOf('\0') >= 0) {
            return false;
        }
        for (String step : file.split("/", -1)) {
            if (step.isEmpty() || step.equals(".") || step.equals("..")) {
                return false;
            }
        }
        return true;
    }
}
