package bbh.tenant.source;

import bbh.api.source.RepositoryFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FS;

/**
 * The tenant repository at a location, read as {@link RepositorySnapshot}s.
 *
 * <p>What a location is, decided on every {@link #open()}:
 * <ul>
 *   <li>a URL ({@code file://}, {@code https://}, {@code ssh://}, ...) or scp-like
 *       {@code user@host:path}: cloned bare into {@code <stateDir>/clone/<hash>.git} on first use,
 *       fetched on every later open ({@link RemoteClone});
 *   <li>a local git repository, with a working tree ({@code .git} inside) or bare: its branch head
 *       is read straight from its object database; uncommitted files are ignored;
 *   <li>any other folder: a plain folder, read as its files are ({@link FolderSnapshot}); it must
 *       hold a {@code tenants/} folder.
 * </ul>
 *
 * <p>Not thread-safe for {@code open()}: the caller runs one at a time. Snapshots are thread-safe
 * and independent of each other and of the source; close each one.
 *
 * <p>Credentials are not handled: JGit's defaults apply ({@code ~/.gitconfig}, and for ssh an ssh
 * implementation must be available to JGit, or {@code GIT_SSH} set to an ssh client).
 */
public final class RepositorySource implements AutoCloseable {

    /** {@code user@host:path} or {@code host:path} as git reads it: no slash before the first colon. */
    private static final Pattern SCP_LIKE = Pattern.compile("^(?:[^@/:]+@)?[^@/:]+:.+$");

    private final String location;
    private final String branch;
    private final Path stateDir;
    private final FolderTreeHasher folderHasher = new FolderTreeHasher();
    /** Its own hasher: {@link #filesAt} runs on stage threads, beside {@link #open()}. */
    private final FolderTreeHasher contentHasher = new FolderTreeHasher();
    /** The git repository {@link #open()} read last; what {@link #filesAt} reads commits from. */
    private volatile Repository lastRepository;

    /** The local repository opened last, and which git folder it is; kept for later opens. */
    private Repository localRepository;
    private Path localGitDir;
    private RemoteClone clone;
    private boolean closed;

    /**
     * @param location a plain folder (no git at all), a local git repository (worktree or bare), or
     *     any URL JGit can fetch ({@code file://}, {@code https://}, {@code ssh://}, or scp-like
     *     {@code user@host:path})
     * @param branch the branch to follow; null or empty: the repository's HEAD branch (for URLs:
     *     the remote's HEAD)
     * @param stateDir where clones live ({@code <stateDir>/clone/<hash of location>.git}, bare)
     */
    public RepositorySource(String location, String branch, Path stateDir) {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("location must not be empty");
        }
        this.location = location;
        this.branch = branch == null || branch.isBlank() ? null : branch.strip();
        this.stateDir = Objects.requireNonNull(stateDir, "stateDir");
    }

    /** The location as given, with the password if the URL holds one; messages never show it. */
    public String location() {
        return location;
    }

    /**
     * Fetches when remote (cloning on first use), then opens the branch head, or for a plain
     * folder its current content.
     *
     * @throws RepositoryUnavailableException with a one-line message when the location is missing,
     *     the repository has no commits, the URL cannot be reached, the branch does not exist, or a
     *     plain folder has no {@code tenants/} folder. A clone made earlier is kept.
     */
    public RepositorySnapshot open() throws RepositoryUnavailableException {
        if (closed) {
            throw new IllegalStateException("repository source for " + RemoteClone.withoutPassword(location) + " is closed");
        }
        if (isRemote()) {
            return openRemote();
        }
        Path top = localPath();
        if (!Files.isDirectory(top)) {
            throw new RepositoryUnavailableException(Files.exists(top)
                    ? top + " is not a folder; a git repository or a folder with tenants/ was expected"
                    : top + " does not exist");
        }
        Path gitDir = gitDirOf(top);
        return gitDir != null ? openLocal(gitDir) : openFolder(top);
    }

    /**
     * Opens a local location's files as they are, committed or not, even in a git working tree: what
     * {@code bbh validate} checks before a commit.
     *
     * @throws RepositoryUnavailableException when the location is remote, missing, or has no
     *     {@code tenants/} folder
     */
    public RepositorySnapshot openWorkingFiles() throws RepositoryUnavailableException {
        if (isRemote()) {
            throw new RepositoryUnavailableException(RemoteClone.withoutPassword(location) + " is remote; a folder was expected");
        }
        Path top = localPath();
        if (!Files.isDirectory(top)) {
            throw new RepositoryUnavailableException(top + " does not exist");
        }
        return openFolder(top);
    }

    /**
     * The files at {@code commit}, a commit an earlier {@link #open()} gave. Thread-safe, also
     * beside {@code open()}; readable until this source is closed.
     *
     * @return empty when the repository last opened does not have that commit
     * @throws IOException when a plain folder's content is no longer {@code commit}'s, or the
     *     repository cannot be read
     */
    public Optional<RepositoryFiles> filesAt(String commit) throws IOException {
        if (commit.startsWith(FolderSnapshot.WORKTREE_PREFIX)) {
            if (isRemote()) {
                return Optional.empty();
            }
            Path top = Path.of(location).toAbsolutePath().normalize();
            String now;
            synchronized (contentHasher) {
                now = FolderSnapshot.WORKTREE_PREFIX + contentHasher.hashTop(top).topTree().name();
            }
            if (!now.equals(commit)) {
                throw new IOException(top + " changed since " + commit + " (it is now " + now
                        + "); the next synchronisation brings the new state");
            }
            return Optional.of(new FolderRepositoryFiles(top, commit));
        }
        Repository r = lastRepository;
        ObjectId id;
        try {
            id = ObjectId.fromString(commit);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (r == null || !r.getObjectDatabase().has(id)) {
            return Optional.empty();
        }
        try (RevWalk walk = new RevWalk(r)) {
            return Optional.of(new GitRepositoryFiles(r, commit, walk.parseCommit(id).getTree().getId()));
        }
    }

    /** Closes the repositories this source keeps open; open snapshots stay readable until closed. */
    @Override
    public void close() {
        closed = true;
        closeLocal();
        if (clone != null) {
            clone.close();
            clone = null;
        }
    }

    /** Where the clone of a remote location lives (whether or not it exists yet). */
    Path cloneDir() {
        return stateDir.resolve("clone").resolve(hash(location) + ".git");
    }

    /** How many file contents the plain-folder scans have read; for tests and measurements. */
    long folderBlobsHashed() {
        return folderHasher.blobsHashed();
    }

    private boolean isRemote() {
        if (location.contains("://")) {
            return true;
        }
        // A local path wins over the scp-like reading, as in git when a folder "host:path" exists.
        return SCP_LIKE.matcher(location).matches() && !Files.exists(Path.of(location));
    }

    private Path localPath() throws RepositoryUnavailableException {
        try {
            return Path.of(location).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new RepositoryUnavailableException("'" + location + "' is neither a folder nor a URL: " + e.getMessage());
        }
    }

    /** The git folder of a repository at {@code top}: {@code top/.git} (or where a .git file points), or top when bare. */
    private static Path gitDirOf(Path top) {
        Path dotGit = top.resolve(Constants.DOT_GIT);
        if (Files.exists(dotGit, LinkOption.NOFOLLOW_LINKS)) {
            return dotGit;
        }
        if (RepositoryCache.FileKey.isGitRepository(top.toFile(), FS.DETECTED)) {
            return top;
        }
        return null;
    }

    private RepositorySnapshot openLocal(Path gitDir) throws RepositoryUnavailableException {
        try {
            if (localRepository == null || !gitDir.equals(localGitDir)) {
                closeLocal();
                FileRepositoryBuilder b = new FileRepositoryBuilder().setMustExist(true);
                if (gitDir.getFileName().toString().equals(Constants.DOT_GIT)) {
                    // Also follows a ".git" file ("gitdir: ..."), as in a linked worktree or submodule.
                    b.setWorkTree(gitDir.getParent().toFile());
                } else {
                    b.setGitDir(gitDir.toFile()).setBare();
                }
                localRepository = b.build();
                localGitDir = gitDir;
            }
            Ref head = localRepository.exactRef(Constants.HEAD);
            ObjectId commit = BranchHead.resolve(localRepository, Constants.R_HEADS, branch, head, location);
            lastRepository = localRepository;
            return GitSnapshot.open(localRepository, commit);
        } catch (IOException e) {
            throw new RepositoryUnavailableException("cannot read git repository " + location + ": " + OneLine.of(e), e);
        }
    }

    private RepositorySnapshot openRemote() throws RepositoryUnavailableException {
        if (clone == null) {
            clone = new RemoteClone(location, cloneDir());
        }
        Ref remoteHead = clone.fetch();
        Repository r = clone.repository();
        try {
            ObjectId commit = BranchHead.resolve(r, RemoteClone.NAMESPACE, branch, remoteHead, RemoteClone.withoutPassword(location));
            lastRepository = r;
            return GitSnapshot.open(r, commit);
        } catch (IOException e) {
            throw new RepositoryUnavailableException("cannot read the clone of " + RemoteClone.withoutPassword(location) + " in " + clone.dir() + ": "
                    + OneLine.of(e), e);
        }
    }

    private RepositorySnapshot openFolder(Path top) throws RepositoryUnavailableException {
        Path tenants = top.resolve("tenants");
        if (Files.isSymbolicLink(tenants)) {
            throw new RepositoryUnavailableException(tenants + " is a symlink; a folder was expected");
        }
        if (!Files.isDirectory(tenants, LinkOption.NOFOLLOW_LINKS)) {
            throw new RepositoryUnavailableException(top + " is neither a git repository nor a folder with a tenants/ folder");
        }
        try {
            return new FolderSnapshot(top, folderHasher.hashTop(top));
        } catch (IOException e) {
            throw new RepositoryUnavailableException("cannot read " + tenants + ": " + OneLine.of(e), e);
        }
    }

    private void closeLocal() {
        if (localRepository != null) {
            localRepository.close();
            localRepository = null;
            localGitDir = null;
        }
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            // 16 bytes (32 hex digits): collisions between configured locations are not a concern.
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    @Override
    public String toString() {
        return "RepositorySource[" + RemoteClone.withoutPassword(location) + (branch == null ? "" : " branch " + branch) + "]";
    }
}
