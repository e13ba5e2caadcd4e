package bbh.api.status;

import bbh.api.pipeline.Stage;
import java.util.List;
import java.util.Optional;

/**
 * Every stage's state for one tenant, for the latest commit that touched it.
 *
 * @param tenantId the tenant
 * @param commit the latest commit that touched the tenant
 * @param generation its generation
 * @param removed true once the tenant left the repository and its stages undid their work
 * @param stages one entry per {@link Stage}, in pipeline order
 */
public record TenantStatus(String tenantId, String commit, long generation, boolean removed, List<StageStatus> stages) {

    public TenantStatus {
        stages = List.copyOf(stages);
    }

    /** The given stage's entry. */
    public StageStatus stage(Stage stage) {
        return stages.get(stage.ordinal());
    }

    /** The last stage whose state is DONE, if any. */
    public Optional<Stage> lastDone() {
        Stage last = null;
        for (StageStatus s : stages) {
            if (s.state() == StageState.DONE) {
                last = s.stage();
            }
        }
        return Optional.ofNullable(last);
    }

    /** The first stage that failed, is absent or was skipped, if any: where the pipeline stopped. */
    public Optional<StageStatus> stoppedAt() {
        return stages.stream()
                .filter(s -> s.state() == StageState.FAILED || s.state() == StageState.ABSENT
                        || s.state() == StageState.SKIPPED)
                .findFirst();
    }

    /** True when no stage is pending or running: the tenant reached its final state for this commit. */
    public boolean settled() {
        if (removed) {
            return true;
        }
        if (stoppedAt().isPresent()) {
            return stages.stream().noneMatch(s -> s.state() == StageState.RUNNING);
        }
        return stages.stream().allMatch(s -> s.state() == StageState.DONE);
    }
}
