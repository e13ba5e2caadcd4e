package bbh.api.pipeline;

import java.util.Optional;

/**
 * The stages of the tenant pipeline, in the order a tenant passes through them.
 *
 * <p>A stage is reached when its event is posted: {@link #REPO_CHANGED} when a commit touched the
 * tenant's folder, {@link #VM_STARTED} when its machine runs. The stage that handles the event of
 * stage N does its work and posts the event of stage N+1, or {@link PipelineTopics#FAILED}.
 */
public enum Stage {
    /** The tenant's folder changed in a new commit (or appeared). Posted by the repository source. */
    REPO_CHANGED("repo-changed", PipelineTopics.REPO_CHANGED),
    /** The tenant's metadata passed the schema and the cross-tenant checks. */
    VALIDATED("validated", PipelineTopics.VALIDATED),
    /** The tenant's units, drop-ins and slice are written and systemd reloaded. */
    UNITS_WRITTEN("units-written", PipelineTopics.UNITS_WRITTEN),
    /** The tenant's links are configured by systemd-networkd and reached their expected state. */
    NETWORK_UP("network-up", PipelineTopics.NETWORK_UP),
    /** The tenant's extension images are in place and merged where they belong. */
    OVERLAY_MOUNTED("overlay-mounted", PipelineTopics.OVERLAY_MOUNTED),
    /** The tenant's machine runs and machined knows it. */
    VM_STARTED("vm-started", PipelineTopics.VM_STARTED);

    private final String id;
    private final String topic;

    Stage(String id, String topic) {
        this.id = id;
        this.topic = topic;
    }

    /** The stage's name as operators read it, e.g. {@code units-written}. */
    public String id() {
        return id;
    }

    /** The EventAdmin topic posted when a tenant reaches this stage. */
    public String topic() {
        return topic;
    }

    /** The stage after this one, empty for the last. */
    public Optional<Stage> next() {
        int i = ordinal() + 1;
        return i < values().length ? Optional.of(values()[i]) : Optional.empty();
    }

    /** The stage before this one, empty for the first. */
    public Optional<Stage> previous() {
        return ordinal() == 0 ? Optional.empty() : Optional.of(values()[ordinal() - 1]);
    }

    /** The stage with this {@link #id()}, or empty. */
    public static Optional<Stage> ofId(String id) {
        for (Stage s : values()) {
            if (s.id.equals(id)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The stage whose event is posted on this topic, or empty (FAILED, REMOVED, others). */
    public static Optional<Stage> ofTopic(String topic) {
        for (Stage s : values()) {
            if (s.topic.equals(topic)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
