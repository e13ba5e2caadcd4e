package bbh.api.status;

import bbh.api.pipeline.Stage;
import java.time.Instant;

/**
 * One stage's state for one tenant.
 *
 * @param stage the stage
 * @param state its state
 * @param commit the commit the state belongs to
 * @param generation the generation the state belongs to
 * @param started when the stage started work, null when it has not
 * @param finished when it finished (done or failed), null when it has not
 * @param message why it failed or is absent; empty otherwise
 */
public record StageStatus(Stage stage, StageState state, String commit, long generation, Instant started,
        Instant finished, String message) {}
