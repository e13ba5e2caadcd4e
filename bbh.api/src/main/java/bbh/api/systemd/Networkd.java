package bbh.api.systemd;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * systemd-networkd over D-Bus (org.freedesktop.network1(5)). Registered only while networkd answers
 * on the bus configured for {@link SystemdManager} (PID {@code bbh.systemd}); when bbh renders into a
 * folder there is no such service, and the network stage only writes files.
 *
 * <p>Link states are followed through the links' {@code PropertiesChanged} signals, never by polling.
 * Since 1.1.
 */
@ProviderType
public interface Networkd {

    /**
     * {@code Manager.Reload}: re-reads every .netdev, .network and .link file, creates the netdevs
     * that are new and reconfigures the links whose files changed. Returns when networkd replied;
     * links settle after that (see {@link #awaitSettled}).
     */
    void reload() throws SystemdException;

    /** Every link networkd knows, by index. */
    List<NetworkLink> links() throws SystemdException;

    /** The link named {@code name}, or empty when there is none. */
    Optional<NetworkLink> link(String name) throws SystemdException;

    /**
     * Waits until every link of {@code names} exists and is {@link NetworkLink#settled settled}, or
     * until {@code timeout} has passed, woken by networkd's signals. Returns the links found by then,
     * by name; a name without a link is missing from the map. The caller judges the states.
     */
    Map<String, NetworkLink> awaitSettled(Collection<String> names, Duration timeout) throws SystemdException;
}
