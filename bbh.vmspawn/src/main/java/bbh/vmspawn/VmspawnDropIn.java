package bbh.vmspawn;

import bbh.api.stage.StageException;
import bbh.api.tenant.TenantSpec;
import bbh.tenant.unit.GeneratedHeader;
import bbh.tenant.unit.UnitFile;
import bbh.tenant.unit.UnitFileParser;
import bbh.tenant.unit.UnitSyntaxException;
import bbh.tenant.unit.UnitValue;
import bbh.tenant.unit.UnitValues;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code tenant-vm@<id>.service.d/60-machine.conf}: makes bbh's template run the tenant's VM. The
 * template already puts the unit in {@code tenant-<id>.slice} with {@code Delegate=yes} and
 * {@code KillMode=mixed}, after the tenant's storage and network; this drop-in resets its
 * {@code ExecStart=} and adds what systemd-vmspawn needs, as systemd's own
 * {@code systemd-vmspawn@.service} does: {@code Type=notify} (vmspawn reports READY=1 once the VM
 * is, and pings the watchdog) and the devices {@code /dev/kvm}, {@code /dev/vhost-vsock},
 * {@code /dev/net/tun} past the template's {@code DevicePolicy=closed}.
 */
final class VmspawnDropIn {
    private VmspawnDropIn() {}

    static final String NAME = "60-machine.conf";

    static UnitFile render(TenantSpec spec, String commit, OperatorSettings operator) throws StageException {
        List<String> argv = VmspawnCommand.argv(spec, operator);
        UnitValue command = MachineFields.value(spec, "machine", () -> UnitValues.command(argv));
        UnitFile.Builder f = UnitFile.builder(NAME)
                .line(GeneratedHeader.of(MachineFields.source(spec), commit))
                .comment("Backend vmspawn: systemd-vmspawn, systemd " + VersionGate.MINIMUM + " or later (docs/machines-vmspawn.md).")
                .section("Service")
                .set("Type", UnitValues.word("notify"))
                .set("TimeoutStartSec", UnitValues.word(operator.startTimeout()))
                // As systemd-vmspawn@.service: a vmspawn that stops pinging is taken down.
                .set("WatchdogSec", UnitValues.word("3min"));
        List<String> folders = new ArrayList<>();
        if (spec.extensions().stream().anyMatch(e -> "sysext".equals(e.type()))) {
            folders.add(MachinePaths.sysext(spec.id()));
        }
        if (spec.extensions().stream().anyMatch(e -> "confext".equals(e.type()))) {
            folders.add(MachinePaths.confext(spec.id()));
        }
        if (!folders.isEmpty()) {
            // vmspawn refuses a bind whose source is missing; the overlay stage fills the folders,
            // which may still be empty on a first start.
            List<String> mkdir = new ArrayList<>(List.of("/usr/bin/mkdir", "-p"));
            mkdir.addAll(folders);
            f.set("ExecStartPre", UnitValues.command(mkdir));
        }
        if (spec.network() != null) {
            // networkd reads .network files when it starts and on reload only; the tap's file may be new.
            f.set("ExecStartPre", UnitValues.command("/usr/bin/networkctl", "reload"));
        }
        f.set("ExecStart", UnitValue.EMPTY).set("ExecStart", command);
        DEVICES.sections().get(0).lines().forEach(f::line);
        return f.build();
    }

    /**
     * The devices vmspawn opens, as systemd-vmspawn@.service lists them. Constant text, read by the
     * unit-file parser: bbh's escapers have no kind for {@code DeviceAllow=}'s "path access" pair, and
     * nothing of a tenant's goes in here.
     */
    private static final UnitFile DEVICES;

    static {
        try {
            DEVICES = UnitFileParser.parse("devices", """
                    [Service]
                    DeviceAllow=/dev/kvm rw
                    DeviceAllow=/dev/vhost-vsock rw
                    DeviceAllow=/dev/net/tun rwm
                    """);
        } catch (UnitSyntaxException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
