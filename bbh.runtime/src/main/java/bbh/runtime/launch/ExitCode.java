package bbh.runtime.launch;

/** The exit codes of the batch commands, as bin/bbh returns them. */
enum ExitCode {
    /** Everything valid, every tenant settled without failure. */
    SUCCESS(0),
    /** At least one tenant is invalid or failed a stage. */
    FAILURE(1),
    /** The command could not do its job: usage error, repository unreadable, service missing, timeout. */
    ERROR(2);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    /** The process exit code. */
    int code() {
        return code;
    }
}
