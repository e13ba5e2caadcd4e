package bbh.tenant.source;

/**
 * A file in a tenant's folder that bbh refuses to read: missing, not a regular file, too large,
 * or a symlink whose target leaves the repository.
 */
public class UnsafeFileException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final String reason;

    /**
     * @param path the file, relative to the repository's top, e.g. {@code tenants/acme/metadata.json}
     * @param reason what is wrong or what was expected, one sentence without a final period
     */
    public UnsafeFileException(String path, String reason) {
        super(path + ": " + reason);
        this.path = path;
        this.reason = reason;
    }

    /** The file, relative to the repository's top. */
    public String path() {
        return path;
    }

    /** What is wrong, without the path. */
    public String reason() {
        return reason;
    }
}
