package bbh.runtime.launch;

import bbh.api.pipeline.Stage;
import bbh.api.status.StageState;
import bbh.api.status.StageStatus;
import bbh.api.status.TenantStatus;
import java.util.ArrayList;
import java.util.List;

/** Builds the tenant statuses the tests need: a state per stage, in pipeline order. */
final class TenantStatuses {
    private TenantStatuses() {}

    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    /** repo-changed and validated done, units-written absent: where this build's pipeline stops. */
    static TenantStatus stopped(String id, long generation) {
        return of(id, generation, "no bundle provides units-written",
                StageState.DONE, StageState.DONE, StageState.ABSENT);
    }

    /** repo-changed done, validated failed with {@code message}. */
    static TenantStatus failed(String id, long generation, String message) {
        return of(id, generation, message, StageState.DONE, StageState.FAILED);
    }

    /** repo-changed done, validated running. */
    static TenantStatus running(String id, long generation) {
        return of(id, generation, "", StageState.DONE, StageState.RUNNING);
    }

    /** Every stage done. */
    static TenantStatus done(String id, long generation) {
        StageState[] all = new StageState[Stage.values().length];
        java.util.Arrays.fill(all, StageState.DONE);
        return of(id, generation, "", all);
    }

    static TenantStatus removed(String id, long generation) {
        return new TenantStatus(id, COMMIT, generation, true, of(id, generation, "").stages());
    }

    /**
     * The given states for the first stages, PENDING for the rest; {@code message} goes to the
     * stage that failed or is absent.
     */
    static TenantStatus of(String id, long generation, String message, StageState... states) {
        List<StageStatus> stages = new ArrayList<>();
        for (Stage s : Stage.values()) {
            StageState state = s.ordinal() < states.length ? states[s.ordinal()] : StageState.PENDING;
            String m = state == StageState.FAILED || state == StageState.ABSENT ? message : "";
            stages.add(new StageStatus(s, state, COMMIT, generation, null, null, m));
        }
        return new TenantStatus(id, COMMIT, generation, false, stages);
    }
}
