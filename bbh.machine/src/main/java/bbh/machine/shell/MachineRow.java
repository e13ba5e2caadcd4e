package bbh.machine.shell;

/**
 * One tenant's machine as {@code bbh:machines} shows it.
 *
 * @param tenant the tenant's id (= the machine's name)
 * @param backend the backend its metadata names
 * @param unitState {@code ActiveState} of {@code tenant-vm@<id>.service}
 * @param machineClass what machined says it is ({@code container}, {@code vm}), empty when machined knows no such machine
 * @param leader the machine's leader PID on the host, 0 when not running
 */
public record MachineRow(String tenant, String backend, String unitState, String machineClass, long leader) {}
