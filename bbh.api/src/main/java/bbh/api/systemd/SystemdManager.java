package bbh.api.systemd;

import java.time.Duration;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * systemd's manager over D-Bus. Registered only while a systemd is reachable on the configured bus
 * (PID {@code bbh.systemd}, key {@code bus}: {@code system} for the system bus, or a D-Bus address
 * such as {@code unix:path=/run/dbus/system_bus_socket}); when bbh renders into a folder there is
 * no such service, and stages skip what needs a running systemd.
 *
 * <p>Jobs are followed through the manager's {@code JobRemoved} signal, never by polling.
 */
@ProviderType
public interface SystemdManager {

    /**
     * {@code Manager.Reload}: re-reads unit files and re-runs the generators. Returns when a reload
     * that began after this call is done, so every file written before the call is loaded; callers
     * at the same time may share one reload.
     */
    void reload() throws SystemdException;

    /** {@code Manager.StartUnit(unit, "replace")}, waiting for the job's end. */
    JobResult start(String unit, Duration timeout) throws SystemdException;

    /** {@code Manager.StopUnit(unit, "replace")}, waiting for the job's end. */
    JobResult stop(String unit, Duration timeout) throws SystemdException;

    /** {@code Manager.RestartUnit(unit, "replace")}, waiting for the job's end. */
    JobResult restart(String unit, Duration timeout) throws SystemdException;

    /**
     * Every property of the unit: those of {@code org.freedesktop.systemd1.Unit} and those of its
     * type's interface ({@code Service}, {@code Slice}, ...), by name, as D-Bus gave them (numbers
     * as {@code Long}/{@code Integer}, strings, booleans, lists). Loads the unit if needed
     * ({@code Manager.LoadUnit}), so a unit that is not running can be inspected.
     */
    Map<String, Object> unitProperties(String unit) throws SystemdException;

    /** The unit's {@code ActiveState}: active, inactive, failed, activating, deactivating, ... */
    String activeState(String unit) throws SystemdException;

    /** The manager's {@code Version} property, e.g. {@code 252.39-1~deb12u1}. */
    String version() throws SystemdException;
}
