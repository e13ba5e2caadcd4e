package bbh.tenant.source;

/**
 * The tenant repository cannot be read at all: its location is missing, it has no commits, it
 * cannot be reached, the branch does not exist, or a plain folder has no {@code tenants/} folder.
 * The message is one line that says what is wrong and where, for the sync report and the log. The
 * caller keeps its last good state and tries again later.
 */
public class RepositoryUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and where, one line */
    public RepositoryUnavailableException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong and where, one line
     * @param cause the underlying failure, kept for the log's stack trace
     */
    public RepositoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
