package bbh.itest;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * A real git repository of tenant folders, made by a test with JGit and changed commit by commit,
 * as an operator's repository would be. The tests point bbh.source at its folder.
 */
final class TenantGitRepo {

    /** Fixed author: the commits do not depend on the machine's git configuration. */
    private static final PersonIdent AUTHOR = new PersonIdent("bbh itest", "itest@bbh.invalid",
            Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    private final Path top;
    private final Git git;

    private TenantGitRepo(Path top, Git git) {
        this.top = top;
        this.git = git;
    }

    /** A new, empty repository with branch {@code main} in {@code top}. */
    static TenantGitRepo init(Path top) {
        try {
            return new TenantGitRepo(top, Git.init().setDirectory(top.toFile()).setInitialBranch("main").call());
        } catch (GitAPIException e) {
            throw new IllegalStateException("git init " + top + ": " + e.getMessage(), e);
        }
    }

    /** The repository's top folder, which holds {@code tenants/}. */
    Path top() {
        return top;
    }

    /** Writes (or rewrites) {@code tenants/<id>/metadata.json} in the working tree. */
    TenantGitRepo write(String id, String metadata) {
        TenantMetadata.write(top, id, metadata);
        return this;
    }

    /** Removes the folder {@code tenants/<id>} from the working tree and the index. */
    TenantGitRepo delete(String id) {
        try {
            git.rm().addFilepattern("tenants/" + id).call();
            return this;
        } catch (GitAPIException e) {
            throw new IllegalStateException("git rm tenants/" + id + ": " + e.getMessage(), e);
        }
    }

    /** Commits every change of the working tree; returns the commit's id (40 hex digits). */
    String commit(String message) {
        try {
            git.add().addFilepattern(".").call();
            return git.commit().setMessage(message).setAuthor(AUTHOR).setCommitter(AUTHOR).setSign(false).call()
                    .getName();
        } catch (GitAPIException e) {
            throw new IllegalStateException("git commit in " + top + ": " + e.getMessage(), e);
        }
    }

    /** {@code git revert COMMIT}: a new commit that undoes it; returns the new commit's id. */
    String revert(String commit) {
        try {
            return git.revert().include(git.getRepository().resolve(commit)).call().getName();
        } catch (GitAPIException | java.io.IOException e) {
            throw new IllegalStateException("git revert " + commit + " in " + top + ": " + e.getMessage(), e);
        }
    }
}
