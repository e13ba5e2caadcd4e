package bbh.vmspawn;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * What only the host's operator decides about VMs (configuration PID {@value VmspawnBackend#PID}),
 * never a tenant repository: the privileged half of the trust split. A tenant picks among what the
 * operator allows (its {@code machine} block, {@code TenantSpec.Machine}); files on the host other
 * than the tenant's own state (firmware), hardware acceleration and the host's side channels (vsock,
 * SSH keys) are the operator's.
 *
 * @param executable systemd-vmspawn's path, e.g. {@code /usr/local/bin/systemd-vmspawn} for a newer
 *     build beside the distribution's systemd
 * @param firmware a JSON firmware definition ({@code --firmware=}), empty for vmspawn's own choice
 * @param kvm {@code auto}, {@code yes} or {@code no} ({@code --kvm=})
 * @param vsock {@code auto}, {@code yes} or {@code no} ({@code --vsock=})
 * @param passSshKey whether vmspawn generates an SSH key into the VM ({@code --pass-ssh-key=})
 * @param notifyReady whether the start waits for the VM's own systemd to say READY=1
 *     ({@code --notify-ready=}); otherwise it ends once qemu runs
 * @param startTimeout {@code TimeoutStartSec=} of {@code tenant-vm@}, a systemd time span
 * @param console {@code --console=}: {@code read-only} (the VM's console goes to the journal) or
 *     {@code headless}
 * @param linux a kernel for direct kernel boot of every VM ({@code --linux=}), empty for none: a
 *     directory image without boot loader entries in its {@code /boot} or {@code /efi} (a plain
 *     Debian root file system) boots only this way
 * @param initrd the initrd that goes with {@code linux} ({@code --initrd=}), empty for none; it
 *     must be able to mount a virtiofs root (vmspawn's {@code root=} for a directory image)
 */
record OperatorSettings(String executable, String firmware, String kvm, String vsock, boolean passSshKey,
        boolean notifyReady, String startTimeout, String console, String linux, String initrd) {

    private static final Set<String> TRISTATE = Set.of("auto", "yes", "no");
    private static final Set<String> CONSOLES = Set.of("read-only", "headless");
    private static final Pattern TIMESPAN = Pattern.compile("infinity|([0-9]+(us|ms|s|min|h|d|w)?)+");

    /** What an unconfigured host gets (after the patterns above, which its check uses). */
    static final OperatorSettings DEFAULTS = new OperatorSettings("/usr/bin/systemd-vmspawn", "", "auto", "auto", false,
            true, "5min", "read-only", "", "");

    /**
     * Checks every setting, so a bad configuration is refused when it arrives, naming the key, not
     * when a tenant starts.
     *
     * @throws IllegalArgumentException naming the key and what was expected
     */
    OperatorSettings {
        if (!executable.startsWith("/")) {
            throw new IllegalArgumentException("executable: expected an absolute path, got '" + executable + "'");
        }
        if (!firmware.isEmpty() && !firmware.startsWith("/")) {
            throw new IllegalArgumentException("firmware: expected an absolute path or nothing, got '" + firmware + "'");
        }
        if (!TRISTATE.contains(kvm)) {
            throw new IllegalArgumentException("kvm: expected auto, yes or no, got '" + kvm + "'");
        }
        if (!TRISTATE.contains(vsock)) {
            throw new IllegalArgumentException("vsock: expected auto, yes or no, got '" + vsock + "'");
        }
        if (!TIMESPAN.matcher(startTimeout).matches()) {
            throw new IllegalArgumentException("startTimeout: expected a systemd time span such as 5min or 300s, got '"
                    + startTimeout + "'");
        }
        if (!CONSOLES.contains(console)) {
            throw new IllegalArgumentException("console: expected read-only or headless, got '" + console + "'");
        }
        if (!linux.isEmpty() && !linux.startsWith("/")) {
            throw new IllegalArgumentException("linux: expected an absolute path or nothing, got '" + linux + "'");
        }
        if (!initrd.isEmpty() && !initrd.startsWith("/")) {
            throw new IllegalArgumentException("initrd: expected an absolute path or nothing, got '" + initrd + "'");
        }
        if (!initrd.isEmpty() && linux.isEmpty()) {
            // vmspawn would pass an initrd to qemu without a kernel to go with it.
            throw new IllegalArgumentException("initrd: set only with linux (direct kernel boot), got '" + initrd
                    + "' and no linux");
        }
    }

    static OperatorSettings of(VmspawnBackend.Config c) {
        return new OperatorSettings(c.executable().strip(), c.firmware().strip(), c.kvm().strip(), c.vsock().strip(),
                c.passSshKey(), c.notifyReady(), c.startTimeout().strip(), c.console().strip(), c.linux().strip(), c.initrd().strip());
    }
}
