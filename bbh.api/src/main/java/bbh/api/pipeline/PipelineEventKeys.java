package bbh.api.pipeline;

/**
 * Payload keys of the events on {@link PipelineTopics}. Types are Java types of the values.
 *
 * @since 1.0
 */
public final class PipelineEventKeys {
    private PipelineEventKeys() {}

    /** {@code String}: the tenant's id, equal to its folder name under {@code tenants/}. Always present. */
    public static final String TENANT_ID = "tenant.id";

    /**
     * {@code String}: the commit the event belongs to: a 40-hex git commit id, or for a plain
     * working directory {@code worktree:} followed by the 40-hex git tree id of its content.
     * Always present.
     */
    public static final String COMMIT = "commit";

    /**
     * {@code Long}: orders the events of one tenant. It grows with every synchronisation that touches
     * the tenant, across restarts; a stage ignores an event older than one it already handled.
     * Always present.
     */
    public static final String GENERATION = "generation";

    /**
     * {@code String}: the {@link Stage#id()} the event reports: the stage reached, or, on
     * {@link PipelineTopics#FAILED}, the stage that failed. Absent on REMOVED.
     */
    public static final String STAGE = "stage";

    /** {@code Long}: when the event was posted, in milliseconds since the epoch. Always present. */
    public static final String TIMESTAMP = "timestamp";

    /** {@code String}: the metadata file's path inside the repository, e.g. {@code tenants/acme/metadata.json}. */
    public static final String SOURCE_PATH = "source.path";

    /**
     * {@code bbh.api.tenant.TenantSpec}: the validated tenant. On VALIDATED and every later stage's
     * event.
     */
    public static final String SPEC = "tenant.spec";

    /**
     * {@code String}: on FAILED, what went wrong; one problem per line, each naming the file, line,
     * column, field and what was expected where those are known.
     */
    public static final String ERROR = "error";
}
