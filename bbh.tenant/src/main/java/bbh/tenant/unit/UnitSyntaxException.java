package bbh.tenant.unit;

/**
 * A file in systemd's INI dialect that bbh cannot read: its message is
 * {@code <file>:<line>: <what was expected>}.
 */
public class UnitSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final String problem;

    public UnitSyntaxException(String file, int line, String problem) {
        super(file + ":" + line + ": " + problem);
        this.file = file;
        this.line = line;
        this.problem = problem;
    }

    /** The file's name as given to the parser. */
    public String file() {
        return file;
    }

    /** The 1-based line where the problem starts. */
    public int line() {
        return line;
    }

    /** What is wrong, without the location. */
    public String problem() {
        return problem;
    }
}
