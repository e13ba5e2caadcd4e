package bbh.api.stage;

/**
 * Thrown by a stage that did what the tenant declares, which is not to reach the stage's state: a
 * disabled tenant's machine is stopped, not started. Not a failure: the driver records the stage as
 * {@link bbh.api.status.StageState#SKIPPED} with the message and posts no event. Since 2.1.
 */
public class StageSkippedException extends StageException {
    private static final long serialVersionUID = 1L;

    public StageSkippedException(String message) {
        super(message);
    }
}
