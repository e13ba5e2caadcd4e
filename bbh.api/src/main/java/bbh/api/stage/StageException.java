package bbh.api.stage;

/**
 * A stage could not bring the tenant to its state. The message becomes the FAILED event's
 * {@code error}: say what failed and why, in terms an operator can act on.
 */
public class StageException extends Exception {
    private static final long serialVersionUID = 1L;

    public StageException(String message) {
        super(message);
    }

    public StageException(String message, Throwable cause) {
        super(message, cause);
    }
}
