package bbh.tenant.source;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;

/**
 * Finds the commit a source follows: the named branch, or the branch HEAD names. Refs are looked
 * up under a namespace: {@code refs/heads/} in a local repository, {@code refs/remotes/origin/} in
 * a clone. Failures say which branches exist, so a typo is easy to spot.
 */
final class BranchHead {
    private BranchHead() {}

    /** Branch names listed in a message at most; more are summarised. */
    private static final int LISTED = 10;

    /**
     * @param repository where the refs are
     * @param namespace the ref prefix branches live under, ending in {@code /}
     * @param branch the branch's short name (or {@code refs/heads/<name>}); null or empty: HEAD's
     * @param head the HEAD to follow when no branch is given: the repository's own, or the one the
     *     remote advertised; may be null
     * @param where the location, for messages
     * @return the commit id to open
     */
    static ObjectId resolve(Repository repository, String namespace, String branch, Ref head, String where)
            throws RepositoryUnavailableException, IOException {
        List<String> branches = repository.getRefDatabase().getRefsByPrefix(namespace).stream()
                .filter(r -> !r.isSymbolic() && r.getObjectId() != null)
                .map(r -> r.getName().substring(namespace.length()))
                .sorted()
                .collect(Collectors.toList());
        if (branch != null && !branch.isEmpty()) {
            String name = branch.startsWith(Constants.R_HEADS) ? branch.substring(Constants.R_HEADS.length()) : branch;
            Ref r = repository.exactRef(namespace + name);
            if (r != null && r.getObjectId() != null) {
                return r.getObjectId();
            }
            if (branches.isEmpty()) {
                throw empty(where);
            }
            throw new RepositoryUnavailableException(
                    "branch '" + name + "' not found in " + where + " (branches: " + list(branches) + ")");
        }
        if (head != null && head.getObjectId() != null) {
            ObjectId id = head.getObjectId();
            if (repository.getObjectDatabase().has(id)) {
                return id;
            }
            // A remote whose HEAD is detached at a commit no branch holds: nothing fetched it.
            throw new RepositoryUnavailableException("HEAD of " + where + " is at commit " + id.name()
                    + " on no branch; configure a branch (branches: " + list(branches) + ")");
        }
        if (branches.isEmpty()) {
            throw empty(where);
        }
        if (head != null && head.isSymbolic()) {
            throw new RepositoryUnavailableException("HEAD of " + where + " names branch '"
                    + Repository.shortenRefName(head.getTarget().getName())
                    + "', which has no commits; configure a branch (branches: " + list(branches) + ")");
        }
        throw new RepositoryUnavailableException(
                where + " has no HEAD branch; configure a branch (branches: " + list(branches) + ")");
    }

    private static RepositoryUnavailableException empty(String where) {
        return new RepositoryUnavailableException(where + " is an empty git repository (no commits)");
    }

    private static String list(List<String> branches) {
        if (branches.isEmpty()) {
            return "none";
        }
        if (branches.size() <= LISTED) {
            return String.join(", ", branches);
        }
        return String.join(", ", branches.subList(0, LISTED)) + " and " + (branches.size() - LISTED) + " more";
    }
}
