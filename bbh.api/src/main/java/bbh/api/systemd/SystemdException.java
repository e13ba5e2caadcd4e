package bbh.api.systemd;

/** systemd could not be reached, refused a call, or a job did not end in time. */
public class SystemdException extends Exception {
    private static final long serialVersionUID = 1L;

    public SystemdException(String message) {
        super(message);
    }

    public SystemdException(String message, Throwable cause) {
        super(message, cause);
    }
}
