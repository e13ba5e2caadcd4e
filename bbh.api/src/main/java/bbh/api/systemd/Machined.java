package bbh.api.systemd;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * systemd-machined's manager over D-Bus ({@code org.freedesktop.machine1}, org.freedesktop.machine1(5)):
 * which machines (containers and VMs) the host's machined knows. Registered under the same rule as
 * {@link SystemdManager}: only while the systemd configured by PID {@code bbh.systemd} is reachable,
 * on the same bus. Since 1.1.
 */
@ProviderType
public interface Machined {

    /**
     * {@code Manager.GetMachine(name)} and the machine's properties, or empty when machined knows no
     * such machine ({@code org.freedesktop.machine1.NoSuchMachine}).
     *
     * @throws SystemdException when machined cannot be asked (not running, the bus is gone)
     */
    Optional<MachineInfo> machine(String name) throws SystemdException;

    /** {@code Manager.ListMachines}: every machine machined knows, sorted by name. */
    List<MachineInfo> machines() throws SystemdException;

    /**
     * The machine's IP addresses as machined reports them (a container's, read from inside it), in
     * machined's order, as text; empty when there is no such machine or it has none yet. Since 1.2.
     */
    List<String> addresses(String name) throws SystemdException;
}
