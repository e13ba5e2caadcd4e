package bbh.api.pipeline;

import bbh.api.tenant.TenantSpec;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.osgi.service.event.Event;

/**
 * One pipeline event as a value, converted to and from an EventAdmin {@link Event}.
 *
 * @param topic one of {@link PipelineTopics}
 * @param tenantId the tenant
 * @param commit the commit, see {@link PipelineEventKeys#COMMIT}
 * @param generation see {@link PipelineEventKeys#GENERATION}
 * @param stage the stage reached, or that failed; null on REMOVED
 * @param timestamp milliseconds since the epoch
 * @param sourcePath the metadata file in the repository, may be null
 * @param spec the validated tenant, null before VALIDATED and on FAILED or REMOVED
 * @param error what went wrong, only on FAILED
 */
public record PipelineEvent(
        String topic,
        String tenantId,
        String commit,
        long generation,
        Stage stage,
        long timestamp,
        String sourcePath,
        TenantSpec spec,
        String error) {

    public PipelineEvent {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(commit, "commit");
    }

    /** The event posted when {@code stage} is reached. */
    public static PipelineEvent reached(Stage stage, String tenantId, String commit, long generation,
            String sourcePath, TenantSpec spec) {
        return new PipelineEvent(stage.topic(), tenantId, commit, generation, stage,
                System.currentTimeMillis(), sourcePath, spec, null);
    }

    /** The event posted when {@code stage} failed. */
    public static PipelineEvent failed(Stage stage, String tenantId, String commit, long generation,
            String sourcePath, String error) {
        return new PipelineEvent(PipelineTopics.FAILED, tenantId, commit, generation, stage,
                System.currentTimeMillis(), sourcePath, null, error);
    }

    /** The event posted when the tenant's folder left the repository. */
    public static PipelineEvent removed(String tenantId, String commit, long generation) {
        return new PipelineEvent(PipelineTopics.REMOVED, tenantId, commit, generation, null,
                System.currentTimeMillis(), null, null, null);
    }

    /** This event with the stage's successor reached, carrying the same tenant and commit. */
    public PipelineEvent advanceTo(Stage next) {
        return reached(next, tenantId, commit, generation, sourcePath, spec);
    }

    /** This event's tenant failing at {@code failedStage}. */
    public PipelineEvent failAt(Stage failedStage, String why) {
        return failed(failedStage, tenantId, commit, generation, sourcePath, why);
    }

    /** True for {@link PipelineTopics#FAILED}. */
    public boolean isFailure() {
        return PipelineTopics.FAILED.equals(topic);
    }

    /** True for {@link PipelineTopics#REMOVED}. */
    public boolean isRemoval() {
        return PipelineTopics.REMOVED.equals(topic);
    }

    /** The spec, when this event carries one. */
    public Optional<TenantSpec> optionalSpec() {
        return Optional.ofNullable(spec);
    }

    /** The EventAdmin event; absent values are left out of its properties. */
    public Event toEvent() {
        Map<String, Object> p = new HashMap<>();
        p.put(PipelineEventKeys.TENANT_ID, tenantId);
        p.put(PipelineEventKeys.COMMIT, commit);
        p.put(PipelineEventKeys.GENERATION, generation);
        p.put(PipelineEventKeys.TIMESTAMP, timestamp);
        if (stage != null) {
            p.put(PipelineEventKeys.STAGE, stage.id());
        }
        if (sourcePath != null) {
            p.put(PipelineEventKeys.SOURCE_PATH, sourcePath);
        }
        if (spec != null) {
            p.put(PipelineEventKeys.SPEC, spec);
        }
        if (error != null) {
            p.put(PipelineEventKeys.ERROR, error);
        }
        return new Event(topic, p);
    }

    /** Reads a pipeline event back; throws IllegalArgumentException when a required key is missing. */
    public static PipelineEvent of(Event e) {
        Object id = e.getProperty(PipelineEventKeys.TENANT_ID);
        Object commit = e.getProperty(PipelineEventKeys.COMMIT);
        if (!(id instanceof String) || !(commit instanceof String)) {
            throw new IllegalArgumentException("not a pipeline event: " + e.getTopic() + " lacks tenant.id or commit");
        }
        Object gen = e.getProperty(PipelineEventKeys.GENERATION);
        Object ts = e.getProperty(PipelineEventKeys.TIMESTAMP);
        Object stage = e.getProperty(PipelineEventKeys.STAGE);
        Object spec = e.getProperty(PipelineEventKeys.SPEC);
        return new PipelineEvent(
                e.getTopic(),
                (String) id,
                (String) commit,
                gen instanceof Number n ? n.longValue() : 0L,
                stage instanceof String s ? Stage.ofId(s).orElse(null) : null,
                ts instanceof Number n ? n.longValue() : 0L,
                (String) e.getProperty(PipelineEventKeys.SOURCE_PATH),
                spec instanceof TenantSpec t ? t : null,
                (String) e.getProperty(PipelineEventKeys.ERROR));
    }

    /** One line for consoles and logs: {@code VALIDATED acme 1a2b3c4 gen 7}. */
    public String summary() {
        String name = topic.startsWith(PipelineTopics.PREFIX) ? topic.substring(PipelineTopics.PREFIX.length()) : topic;
        StringBuilder b = new StringBuilder().append(name).append(' ').append(tenantId).append(' ')
                .append(shortCommit(commit)).append(" gen ").append(generation);
        if (isFailure() && stage != null) {
            b.append(" at ").append(stage.id());
        }
        if (error != null) {
            b.append(": ").append(error.replace('\n', ';'));
        }
        return b.toString();
    }

    /**
     * A commit as consoles show it: a git commit id's first 7 hex digits, a folder's
     * {@code worktree:} id with the first 7 of its tree id, {@code -} for none.
     */
    public static String shortCommit(String commit) {
        if (commit == null || commit.isEmpty()) {
            return "-";
        }
        String prefix = commit.startsWith("worktree:") ? "worktree:" : "";
        String id = commit.substring(prefix.length());
        return prefix + id.substring(0, Math.min(7, id.length()));
    }
}
