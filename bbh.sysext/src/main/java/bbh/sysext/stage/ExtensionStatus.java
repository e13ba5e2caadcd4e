package bbh.sysext.stage;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the extension components last did, for {@code bbh:ext}: private to this bundle, registered
 * as a service so the console finds the components that hold it.
 */
public interface ExtensionStatus {

    /**
     * Where an image set stands.
     *
     * @param at when it was reached
     * @param commit the commit its trees are from
     * @param merged where the images are merged and how that was confirmed, or why they are not
     */
    record Note(Instant at, String commit, String merged) {}

    /** By tenant id, or {@code host} for the host's merges. */
    Map<String, Note> notes();

    /** Host problems of the last run (an operator-wide tree that failed its checks), empty when none. */
    default List<String> problems() {
        return List.of();
    }
}
