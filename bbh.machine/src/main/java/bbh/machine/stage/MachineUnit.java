package bbh.machine.stage;

import bbh.tenant.unit.InstanceNames;

/** Names of the units that run a tenant's machine. */
final class MachineUnit {
    private MachineUnit() {}

    /** The drop-in a backend's plan becomes, inside {@link #dropInFolder}. */
    static final String PLAN_DROP_IN = "60-machine.conf";
    /** The stage's own drop-in: the order that {@code dependsOn} asks for. */
    static final String ORDER_DROP_IN = "55-machine-order.conf";

    /** {@code tenant-vm@<escaped id>.service}: the unit the machine runs in. */
    static String of(String tenantId) {
        return "tenant-vm@" + InstanceNames.escape(tenantId) + ".service";
    }

    /** {@code tenant-vm@<escaped id>.service.d}. */
    static String dropInFolder(String tenantId) {
        return of(tenantId) + ".d";
    }
}
