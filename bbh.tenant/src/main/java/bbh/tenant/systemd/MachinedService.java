package bbh.tenant.systemd;

import bbh.api.systemd.MachineInfo;
import bbh.api.systemd.Machined;
import bbh.api.systemd.SystemdException;
import bbh.api.systemd.SystemdManager;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Registers {@link Machined} beside {@link SystemdManager}: on the same bus, and only while that
 * service is registered. The bus configuration (PID {@value SystemdBus#PID}) is shared through the
 * manager's {@value SystemdBus#BUS_PROPERTY} property rather than read a second time, so both
 * services always talk to one host, and {@link SystemdBus}'s reconnecting covers both: when the
 * manager goes, DS deactivates this component, which closes its connection; when a manager comes
 * back, a new connection is made (static, greedy reference).
 */
@Component(service = Machined.class)
public final class MachinedService implements Machined {

    private String address;
    private MachinedConnection connection;

    @Reference(policyOption = ReferencePolicyOption.GREEDY)
    void bindSystemd(SystemdManager systemd, Map<String, Object> properties) {
        Object bus = properties.get(SystemdBus.BUS_PROPERTY);
        address = bus == null ? SystemdBus.SYSTEM_BUS : bus.toString();
    }

    @Activate
    void activate() throws SystemdException {
        // Connecting to a bus that SystemdBus reached a moment ago: a failure fails the activation,
        // and DS tries again with the next manager registration.
        connection = MachinedConnection.open(address);
    }

    @Deactivate
    void deactivate() {
        connection.close();
    }

    @Override
    public Optional<MachineInfo> machine(String name) throws SystemdException {
        return connection.machine(name);
    }

    @Override
    public List<String> addresses(String name) throws SystemdException {
        return connection.addresses(name);
    }

    @Override
    public List<MachineInfo> machines() throws SystemdException {
        return connection.machines();
    }
}
