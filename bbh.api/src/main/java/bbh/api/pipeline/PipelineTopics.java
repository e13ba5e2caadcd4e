package bbh.api.pipeline;

/**
 * EventAdmin topics of the tenant pipeline. Every event carries the keys of
 * {@link PipelineEventKeys}; which keys each topic carries is said here.
 *
 * <p>Events of one tenant are posted in order of their {@link PipelineEventKeys#GENERATION}; events of
 * different tenants are unordered with respect to each other.
 *
 * @since 1.0
 */
public final class PipelineTopics {
    private PipelineTopics() {}

    /** Common prefix of all pipeline topics. */
    public static final String PREFIX = "bbh/tenant/";

    /** Subscribe to this to receive every pipeline event. */
    public static final String ALL = PREFIX + "*";

    /**
     * A commit touched the tenant's folder. Keys: tenant.id, commit, generation, stage, timestamp,
     * source.path.
     */
    public static final String REPO_CHANGED = PREFIX + "REPO_CHANGED";

    /**
     * The tenant's metadata is valid. Keys: tenant.id, commit, generation, stage, timestamp,
     * source.path, tenant.spec.
     */
    public static final String VALIDATED = PREFIX + "VALIDATED";

    /** Units written and systemd reloaded. Keys: as {@link #VALIDATED}. */
    public static final String UNITS_WRITTEN = PREFIX + "UNITS_WRITTEN";

    /** The tenant's network is up. Keys: as {@link #VALIDATED}. */
    public static final String NETWORK_UP = PREFIX + "NETWORK_UP";

    /** The tenant's extension overlays are in effect. Keys: as {@link #VALIDATED}. */
    public static final String OVERLAY_MOUNTED = PREFIX + "OVERLAY_MOUNTED";

    /** The tenant's machine runs. Keys: as {@link #VALIDATED}. */
    public static final String VM_STARTED = PREFIX + "VM_STARTED";

    /**
     * A stage failed for the tenant. Keys: tenant.id, commit, generation, timestamp, source.path,
     * stage (the stage that failed, e.g. {@code validated}), error. The tenant's last good state
     * stays in force.
     */
    public static final String FAILED = PREFIX + "FAILED";

    /**
     * The tenant's folder is gone from the repository; stages undo their work in reverse order.
     * Keys: tenant.id, commit, generation, timestamp.
     */
    public static final String REMOVED = PREFIX + "REMOVED";
}
