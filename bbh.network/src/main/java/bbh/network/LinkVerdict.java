package bbh.network;

import bbh.api.systemd.NetworkLink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Judges the states networkd reported for a tenant's links: up means every link exists and is
 * {@code configured}. Anything else is a problem, one sentence per link.
 */
final class LinkVerdict {
    private LinkVerdict() {}

    /** The problems, empty when every link is up. */
    static List<String> problems(List<String> expected, Map<String, NetworkLink> found, Duration waited) {
        List<String> problems = new ArrayList<>();
        for (String name : expected) {
            NetworkLink l = found.get(name);
            if (l == null) {
                problems.add(name + " was not created within " + waited.toSeconds() + " s");
            } else if (!NetworkLink.CONFIGURED.equals(l.administrativeState())) {
                problems.add(name + " is " + l.administrativeState() + (l.settled() ? "" : " after " + waited.toSeconds() + " s")
                        + " (operational state " + l.operationalState() + ")");
            }
        }
        return problems;
    }
}
