package bbh.nspawn;

import bbh.api.tenant.TenantSpec;
import bbh.tenant.unit.GeneratedHeader;
import bbh.tenant.unit.UnitFile;
import bbh.tenant.unit.UnitFileParser;
import bbh.tenant.unit.UnitLine;
import bbh.tenant.unit.UnitSyntaxException;
import bbh.tenant.unit.UnitValue;
import bbh.tenant.unit.UnitValues;
import java.util.ArrayList;
import java.util.List;

/**
 * The tenant's {@code tenant-vm@<id>.service.d/60-machine.conf}: makes the template run
 * systemd-nspawn in the unit itself ({@code --keep-unit}: the container's processes live in the
 * unit's cgroup, inside {@code tenant-<id>.slice}, with {@code Delegate=yes} from the template),
 * registered with machined under the tenant's id. Modelled on systemd's own
 * {@code systemd-nspawn@.service}: {@code Type=notify}, exit status 133 (the guest rebooted) means
 * start again, and the devices a container manager needs.
 */
final class NspawnDropIn {
    private NspawnDropIn() {}

    /** systemd-nspawn as Debian installs it (package systemd-container). */
    static final String NSPAWN = "/usr/bin/systemd-nspawn";

    /**
     * systemd-nspawn@.service's device list: tun for veth and bridges, loop and device mapper for
     * images. Fixed text, read by the parser so it enters the file as a model like the rest.
     */
    private static final List<UnitLine> DEVICES = devices("""
            [Service]
            DeviceAllow=/dev/net/tun rwm
            DeviceAllow=char-pts rw
            DeviceAllow=/dev/loop-control rw
            DeviceAllow=block-loop rw
            DeviceAllow=block-blkext rw
            DeviceAllow=/dev/mapper/control rw
            """);

    static String render(TenantSpec spec, String commit, MachineImage image, boolean lockFree) {
        String id = spec.id();
        List<String> argv = new ArrayList<>(List.of(NSPAWN, "--quiet", "--keep-unit", "--boot",
                // READY=1 only once the guest's systemd is up: a done start job means a usable machine.
                "--notify-ready=yes", "--link-journal=no", "--machine=" + id));
        argv.addAll(image.argument());
        // Arguments after the image go to the guest's init, which reads them as its kernel command
        // line: systemd.wants= pulls in the guest's own systemd-sysext.service (Debian ships it
        // disabled), so the images bound at /var/lib/extensions are merged at boot, before the
        // guest's services start (docs/extensions.md). The .nspawn file's Parameters= would not do:
        // --boot on the command line makes nspawn ignore that file's start settings.
        for (String type : List.of("sysext", "confext")) {
            if (spec.extensions().stream().anyMatch(e -> type.equals(e.type() == null ? "sysext" : e.type()))) {
                argv.add("systemd.wants=systemd-" + type + ".service");
            }
        }
        UnitFile.Builder f = UnitFile.builder("60-machine.conf")
                .line(GeneratedHeader.of(spec.sourcePath(), commit))
                .blank()
                .comment("The nspawn backend (bundle bbh.nspawn); the container's settings: /etc/systemd/nspawn/" + id + ".nspawn")
                .section("Service")
                .set("Type", UnitValues.word("notify"))
                .set("NotifyAccess", UnitValues.word("all"))
                .set("ExecStart", UnitValue.EMPTY)
                .set("ExecStart", UnitValues.command(argv))
                .set("RestartForceExitStatus", UnitValues.integer(133))
                .set("SuccessExitStatus", UnitValues.integer(133));
        if (lockFree) {
            // A shared image under Volatile=overlay is only ever read: several tenants may boot it at
            // once, which nspawn's exclusive image lock would refuse.
            f.set("Environment", UnitValues.environment("SYSTEMD_NSPAWN_LOCK", "0"));
        }
        if (!spec.units().isEmpty()) {
            f.set("Environment", UnitValues.environment("BBH_MACHINE_UNITS", OwnUnits.digest(spec.units())));
        }
        DEVICES.forEach(f::line);
        return f.build().text();
    }

    private static List<UnitLine> devices(String text) {
        try {
            return UnitFileParser.parse("devices", text).sections().get(0).lines();
        } catch (UnitSyntaxException e) {
            throw new IllegalStateException("the fixed device list does not parse: " + e.getMessage(), e);
        }
    }
}
