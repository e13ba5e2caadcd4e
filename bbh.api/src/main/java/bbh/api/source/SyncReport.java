package bbh.api.source;

import bbh.api.tenant.ValidationProblem;
import java.time.Instant;
import java.util.List;

/**
 * What one synchronisation with the tenant repository found.
 *
 * @param at when it ran
 * @param commit the commit now applied; the previous one when the repository could not be read
 * @param generation the generation given to the events of this synchronisation
 * @param changed tenants whose folder changed and were sent down the pipeline, sorted
 * @param removed tenants whose folder is gone, sorted
 * @param problems validation problems of the changed tenants, and the operator-wide ones
 *     ({@link bbh.api.tenant.RepositoryRule}) when this commit changed the top {@code extensions/} folder
 * @param error why the repository could not be read (missing, empty, unreachable, no such branch);
 *     null when it could. Nothing is removed or restarted when there is an error.
 */
public record SyncReport(Instant at, String commit, long generation, List<String> changed, List<String> removed,
        List<ValidationProblem> problems, String error) {

    public SyncReport {
        changed = List.copyOf(changed);
        removed = List.copyOf(removed);
        problems = List.copyOf(problems);
    }

    /** True when the repository was read. */
    public boolean ok() {
        return error == null;
    }
}
