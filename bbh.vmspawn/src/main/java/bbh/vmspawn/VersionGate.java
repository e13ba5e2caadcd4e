package bbh.vmspawn;

import bbh.api.tenant.TenantSpec;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Which systemd a tenant's VM needs, and why a host's is too old. Each threshold is the release that
 * added what bbh relies on; docs/machines-vmspawn.md lists every option with its release.
 *
 * <ul>
 * <li>{@value #MINIMUM}: the floor for every VM. systemd-vmspawn exists since 255 and gained the
 *     options bbh uses (directory images, firmware, TPM, extra drives, binds, {@code --console=},
 *     {@code --register=}) in 256, but up to 257 it moves itself into a scope of its own
 *     ({@code machine-<random>-<name>.scope}, created by {@code start_transient_scope()} before
 *     anything else), outside {@code tenant-vm@<id>.service} and so outside the tenant's slice and
 *     its limits. From 258 {@code --keep-unit} keeps the VM in the service that started it (the
 *     options {@code --slice=}/{@code --property=} of 258 apply "only if --keep-unit is not used");
 *     258 also added {@code --notify-ready=}.</li>
 * <li>{@value #QCOW2_DRIVES}: a drive in qcow2 format, written {@code --extra-drive=qcow2:PATH}; the
 *     format prefix came with {@code --image-format=} (raw or qcow2) in 260.</li>
 * </ul>
 */
final class VersionGate {
    private VersionGate() {}

    /** The oldest systemd whose systemd-vmspawn bbh runs. */
    static final int MINIMUM = 258;
    /** The oldest systemd whose systemd-vmspawn takes a qcow2 extra drive. */
    static final int QCOW2_DRIVES = 260;

    /**
     * Why a host whose systemd reports {@code version} cannot run {@code spec}'s VM, or empty when it
     * can.
     */
    static Optional<String> reason(TenantSpec spec, String version) {
        OptionalInt release = SystemdVersion.release(version);
        if (release.isEmpty()) {
            return Optional.of("systemd-vmspawn needs systemd " + MINIMUM + " or later; this host's systemd reports version '"
                    + version + "', which bbh cannot read");
        }
        int r = release.getAsInt();
        if (r < MINIMUM) {
            return Optional.of("systemd-vmspawn needs systemd " + MINIMUM + " or later; this host runs " + r);
        }
        if (r < QCOW2_DRIVES) {
            for (int i = 0; i < spec.machine().drives().size(); i++) {
                TenantSpec.Drive d = spec.machine().drives().get(i);
                if ("qcow2".equals(d.format())) {
                    return Optional.of(MachineFields.source(spec) + ": machine.drives[" + i + "]: drive '" + d.file()
                            + "' is qcow2, which systemd-vmspawn takes from systemd " + QCOW2_DRIVES + " on; this host runs " + r);
                }
            }
        }
        return Optional.empty();
    }
}
