package bbh.api.source;

/**
 * EventAdmin topics of the repository as a whole, beside the per-tenant ones of
 * {@link bbh.api.pipeline.PipelineTopics}: for work that belongs to the host rather than to a tenant,
 * such as the operator-wide extensions merged on the host. Since 1.2.
 */
public final class SourceTopics {
    private SourceTopics() {}

    /**
     * A synchronisation applied a commit other than the one before: sent once per new commit, after
     * the tenants' events of that commit, whether or not any tenant folder changed (a commit may
     * touch only operator-wide files such as {@code extensions/}); and once after start, for the
     * commit in force. Keys: {@link #COMMIT}, {@link #GENERATION}.
     */
    public static final String COMMIT_APPLIED = "bbh/source/COMMIT_APPLIED";

    /** {@code String}: the commit, as {@link bbh.api.pipeline.PipelineEventKeys#COMMIT} describes it. */
    public static final String COMMIT = "commit";

    /** {@code Long}: the generation of the synchronisation that applied it. */
    public static final String GENERATION = "generation";
}
