package bbh.runtime.launch;

/** The launch properties ask for something the runtime cannot do: bin/bbh exits 2 with the message. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
