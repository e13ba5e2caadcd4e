package bbh.api.systemd;

/**
 * One machine as systemd-machined describes it (org.freedesktop.machine1(5), {@code Machine}
 * object). Since 1.1.
 *
 * @param name the machine's name; for bbh's machines the tenant's id
 * @param machineClass {@code container} or {@code vm}
 * @param service who registered it, e.g. {@code systemd-nspawn}
 * @param unit the unit it runs in, e.g. {@code tenant-vm@acme.service}; empty when not given
 * @param leader the host PID of its leader (the container's init, the VM's process); 0 when unknown
 * @param state {@code opening}, {@code running} or {@code closing}; empty when machined did not say
 */
public record MachineInfo(String name, String machineClass, String service, String unit, long leader, String state) {}
