package bbh.tenant.source;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.SshSessionFactory;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.util.SystemReader;

/**
 * A bare clone of a remote repository in bbh's state folder, brought up to date by fetching.
 *
 * <p>Branches land under {@code refs/remotes/origin/}; branches deleted upstream are pruned. The
 * clone's own HEAD is never set, which makes JGit ask the remote for its HEAD on every fetch (it
 * does so while the local HEAD is unborn): that is how {@link #fetch()} learns the remote's
 * default branch. A failed fetch leaves the clone as it was; nothing here ever deletes it.
 */
final class RemoteClone implements AutoCloseable {

    /** Where fetched branches live in the clone. */
    static final String NAMESPACE = Constants.R_REMOTES + Constants.DEFAULT_REMOTE_NAME + "/";

    /** Connect and read timeout: a dead host fails the fetch instead of hanging it. */
    static final int TIMEOUT_SECONDS = 30;

    private static final RefSpec BRANCHES = new RefSpec("+" + Constants.R_HEADS + "*:" + NAMESPACE + "*");

    /** user:password@ in a URL, which must not reach a message or log. */
    private static final Pattern PASSWORD = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://[^/@:]*):[^/@]*@");

    private final String url;
    private final String shown;
    private final Path dir;
    private Repository repository;

    /**
     * @param url what to fetch from, any URL JGit accepts
     * @param dir the clone's folder; created on the first fetch
     */
    RemoteClone(String url, Path dir) {
        this.url = url;
        this.shown = withoutPassword(url);
        this.dir = dir;
    }

    /** The clone's folder. */
    Path dir() {
        return dir;
    }

    /** The clone's repository; only valid after a {@link #fetch()} that returned. */
    Repository repository() {
        return repository;
    }

    /**
     * Fetches every branch of the remote into the clone, creating the clone on first use.
     *
     * @return the HEAD the remote advertised (symbolic when the remote said which branch), null
     *     when it advertised none (empty repository, or HEAD names a branch with no commits)
     * @throws RepositoryUnavailableException when the clone cannot be made or the fetch fails
     */
    Ref fetch() throws RepositoryUnavailableException {
        requireSshClientIfSsh();
        try {
            openRepository();
        } catch (IOException | GitAPIException | JGitInternalException e) {
            throw new RepositoryUnavailableException("cannot create the clone of " + shown + " in " + dir + ": "
                    + OneLine.of(e), e);
        }
        try {
            FetchResult result = Git.wrap(repository).fetch()
                    .setRemote(Constants.DEFAULT_REMOTE_NAME)
                    .setRefSpecs(BRANCHES)
                    .setRemoveDeletedRefs(true)
                    .setTagOpt(TagOpt.NO_TAGS)
                    .setTimeout(TIMEOUT_SECONDS)
                    .call();
            return result.getAdvertisedRef(Constants.HEAD);
        } catch (GitAPIException | RuntimeException e) {
            // RuntimeException: JGitInternalException, and whatever a transport throws unchecked;
            // the caller keeps its last state either way.
            throw new RepositoryUnavailableException("cannot fetch " + shown + ": " + why(e), e);
        }
    }

    /**
     * JGit's core bundle has no ssh client of its own: it uses an ssh bundle registered with
     * {@link SshSessionFactory}, or the program named by {@code GIT_SSH}. With neither, a fetch
     * fails with a NullPointerException; say what to do instead.
     */
    private void requireSshClientIfSsh() throws RepositoryUnavailableException {
        URIish uri;
        try {
            uri = new URIish(url);
        } catch (URISyntaxException e) {
            return; // the fetch reports it
        }
        String scheme = uri.getScheme();
        boolean ssh = uri.getHost() != null
                && (scheme == null || scheme.equals("ssh") || scheme.equals("ssh+git") || scheme.equals("git+ssh"));
        if (ssh && SystemReader.getInstance().getenv("GIT_SSH") == null && SshSessionFactory.getInstance() == null) {
            throw new RepositoryUnavailableException("cannot fetch " + shown
                    + ": no ssh client available to JGit; set GIT_SSH to an ssh program such as /usr/bin/ssh");
        }
    }

    /** The failure in one line, without JGit's repetitions of the remote's name and URL. */
    private String why(Exception e) {
        String m = OneLine.of(e).replace("Invalid remote: " + Constants.DEFAULT_REMOTE_NAME + ": ", "");
        m = m.replace(url, shown); // JGit's own messages hide passwords already; this is in case one does not
        return m.startsWith(shown + ": ") ? m.substring(shown.length() + 2) : m;
    }

    private void openRepository() throws IOException, GitAPIException {
        if (repository != null) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir.getParent());
            Git.init().setBare(true).setDirectory(dir.toFile()).call().close();
        }
        Repository r = new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().setMustExist(true).build();
        try {
            // Recorded so an operator can tell which clone belongs to which location.
            StoredConfig config = r.getConfig();
            String remote = Constants.DEFAULT_REMOTE_NAME;
            if (!url.equals(config.getString("remote", remote, "url"))) {
                config.setString("remote", remote, "url", url);
                config.setString("remote", remote, "fetch", BRANCHES.toString());
                config.save();
            }
        } catch (IOException e) {
            r.close();
            throw e;
        }
        repository = r;
    }

    /** {@code url} with the password of {@code scheme://user:password@host/...} replaced by {@code ***}. */
    static String withoutPassword(String url) {
        return PASSWORD.matcher(url).replaceFirst("$1:***@");
    }

    @Override
    public void close() {
        if (repository != null) {
            repository.close();
            repository = null;
        }
    }
}
