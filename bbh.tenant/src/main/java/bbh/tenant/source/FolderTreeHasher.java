package bbh.tenant.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.TreeFormatter;

/**
 * Computes the git tree ids a folder on disk would have if its files were committed, without
 * writing any object: the ids of a plain folder's snapshot.
 *
 * <p>The rules are git's own: entries sorted by name bytes with folders compared as
 * {@code name + "/"}; mode 100644 for files, 100755 when the owner may execute them (git looks at
 * no other bit), 120000 for symlinks (not followed; their blob is the link's target text), 040000
 * for folders. Like git, a folder without files anywhere below it has no tree and is left out, and
 * what is neither file, folder nor symlink (fifos, sockets, devices) is skipped. Names are taken as
 * the JVM decodes them; with a non-UTF-8 {@code sun.jnu.encoding} non-ASCII names would not match
 * git.
 *
 * <p>Blob ids come from a {@link BlobIdCache}, so re-hashing unchanged files reads only their
 * attributes. One hasher belongs to one {@link RepositorySource}; not thread-safe.
 */
final class FolderTreeHasher {

    /** Tree ids of one plain folder's {@code tenants/} folder. */
    record TenantsTree(ObjectId tenantsTree, SortedMap<String, String> tenants) {}

    /**
     * Tree ids of a plain folder's top: {@code tenants/} and, beside it, the operator-wide
     * {@code extensions/}.
     *
     * @param topTree the id git would give a commit's tree holding only {@code extensions/} and
     *     {@code tenants/} as they are (each left out when it has no files): what names the folder's
     *     state, so that a change in either is a new commit
     * @param tenants the {@code tenants/} folder's ids
     */
    record TopTree(ObjectId topTree, TenantsTree tenants) {}

    /**
     * Hashes {@code top/tenants} as {@link #hashTenants} does, and {@code top/extensions} when it is
     * a folder (a symlink there is not followed and not hashed).
     */
    TopTree hashTop(Path top) throws IOException {
        return inOneScan(() -> topOf(top));
    }

    private TopTree topOf(Path top) throws IOException {
        TenantsTree tenants = tenantsOf(top.resolve("tenants"));
        Path extensions = top.resolve("extensions");
        ObjectId extensionsTree = null;
        if (Files.isDirectory(extensions, LinkOption.NOFOLLOW_LINKS)) {
            extensionsTree = tree(extensions);
        }
        TreeFormatter f = new TreeFormatter();
        if (extensionsTree != null) {
            f.append("extensions", FileMode.TREE, extensionsTree);
        }
        if (!tenants.tenants().isEmpty()) {
            f.append("tenants", FileMode.TREE, tenants.tenantsTree());
        }
        return new TopTree(f.computeId(formatter), tenants);
    }

    private final ObjectInserter.Formatter formatter = new ObjectInserter.Formatter();
    private final BlobIdCache cache = new BlobIdCache();
    private long blobsHashed;

    /**
     * Hashes {@code tenantsFolder}: the id of the whole folder (the empty tree's id when nothing is
     * in it) and, for each subfolder with files in it, its own tree id.
     *
     * @throws IOException when a file cannot be read or changes while it is read
     */
    TenantsTree hashTenants(Path tenantsFolder) throws IOException {
        return inOneScan(() -> tenantsOf(tenantsFolder));
    }

    /** Work that hashes files, run as one scan of the blob cache. */
    private interface Scan<T> {
        T run() throws IOException;
    }

    private <T> T inOneScan(Scan<T> scan) throws IOException {
        cache.beginScan();
        boolean done = false;
        try {
            T result = scan.run();
            done = true;
            return result;
        } finally {
            if (done) {
                cache.endScan();
            } else {
                cache.abortScan();
            }
        }
    }

    private TenantsTree tenantsOf(Path tenantsFolder) throws IOException {
        SortedMap<String, String> tenants = new TreeMap<>();
        TreeFormatter top = new TreeFormatter();
        for (Child c : list(tenantsFolder)) {
            ObjectId id = hash(c);
            if (id == null) {
                continue;
            }
            top.append(c.nameBytes, c.mode, id);
            if (c.mode == FileMode.TREE) {
                tenants.put(c.name, id.name());
            }
        }
        return new TenantsTree(top.computeId(formatter), Collections.unmodifiableSortedMap(tenants));
    }

    /** How many files' content this hasher has read so far; what the cache saves shows here. */
    long blobsHashed() {
        return blobsHashed;
    }

    /** One entry of a folder, with what sorting and hashing it needs. */
    private record Child(Path path, String name, byte[] nameBytes, byte[] sortKey, FileMode mode, PosixFileAttributes attrs) {}

    /** The id of a child, null when git would not record it (empty folder, special file). */
    private ObjectId hash(Child c) throws IOException {
        if (c.mode == FileMode.TREE) {
            return tree(c.path);
        }
        if (c.mode == FileMode.SYMLINK) {
            byte[] target = Files.readSymbolicLink(c.path).toString().getBytes(StandardCharsets.UTF_8);
            return formatter.idFor(Constants.OBJ_BLOB, target);
        }
        return blob(c.path, c.attrs);
    }

    private ObjectId tree(Path folder) throws IOException {
        TreeFormatter f = new TreeFormatter();
        boolean any = false;
        for (Child c : list(folder)) {
            ObjectId id = hash(c);
            if (id != null) {
                f.append(c.nameBytes, c.mode, id);
                any = true;
            }
        }
        return any ? f.computeId(formatter) : null;
    }

    private ObjectId blob(Path file, PosixFileAttributes a) throws IOException {
        String key = file.toString();
        ObjectId cached = cache.lookup(key, a);
        if (cached != null) {
            return cached;
        }
        long hashedAt = nowNanos();
        ObjectId id;
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            // idFor reads exactly size() bytes; a file that shrank meanwhile ends early (EOFException).
            id = formatter.idFor(Constants.OBJ_BLOB, a.size(), in);
            if (in.read() >= 0) {
                throw new IOException(file + ": file grew while it was read; try again");
            }
        }
        blobsHashed++;
        cache.store(key, a, hashedAt, id);
        return id;
    }

    /** The folder's entries in git's tree order, special files left out. */
    private static List<Child> list(Path folder) throws IOException {
        List<Child> children = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder)) {
            for (Path p : ds) {
                PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                FileMode mode;
                if (a.isSymbolicLink()) {
                    mode = FileMode.SYMLINK;
                } else if (a.isDirectory()) {
                    mode = FileMode.TREE;
                } else if (a.isRegularFile()) {
                    mode = a.permissions().contains(PosixFilePermission.OWNER_EXECUTE)
                            ? FileMode.EXECUTABLE_FILE
                            : FileMode.REGULAR_FILE;
                } else {
                    continue;
                }
                String name = p.getFileName().toString();
                byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
                byte[] sortKey = nameBytes;
                if (mode == FileMode.TREE) {
                    sortKey = Arrays.copyOf(nameBytes, nameBytes.length + 1);
                    sortKey[nameBytes.length] = '/';
                }
                children.add(new Child(p, name, nameBytes, sortKey, mode, a));
            }
        }
        children.sort((x, y) -> Arrays.compareUnsigned(x.sortKey, y.sortKey));
        return children;
    }

    private static long nowNanos() {
        Instant now = Instant.now();
        return TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
    }
}
