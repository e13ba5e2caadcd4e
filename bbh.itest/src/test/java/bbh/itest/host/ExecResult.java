package bbh.itest.host;

import java.util.List;

/**
 * What a command left behind: its exit code and everything it wrote. Nothing is trimmed, so a test can
 * assert on exact output; {@link #text()} is the stripped stdout for the common one-word answers
 * ({@code systemctl is-active} and the like).
 *
 * @param command the command line as run, for messages
 * @param exitCode the process's exit code
 * @param stdout everything written to standard output, decoded as UTF-8
 * @param stderr everything written to standard error, decoded as UTF-8
 */
public record ExecResult(List<String> command, int exitCode, String stdout, String stderr) {

    public ExecResult {
        command = List.copyOf(command);
    }

    /** True when the command exited with 0. */
    public boolean succeeded() {
        return exitCode == 0;
    }

    /** Standard output without leading and trailing white space. */
    public String text() {
        return stdout.strip();
    }

    /**
     * Returns this result when the command exited with 0, and otherwise fails with the command, its
     * exit code and its stderr: what a test needs to see to know why a step it relies on failed.
     */
    public ExecResult requireSuccess() {
        if (!succeeded()) {
            throw new IllegalStateException(describe());
        }
        return this;
    }

    /** The command, its exit code and its output, for failure messages. */
    public String describe() {
        return String.join(" ", command) + " exited with " + exitCode
                + (stdout.isBlank() ? "" : "\n--- stdout ---\n" + stdout.strip())
                + (stderr.isBlank() ? "" : "\n--- stderr ---\n" + stderr.strip());
    }
}
