package bbh.vmspawn;

import bbh.api.tenant.TenantSpec;
import java.util.List;
import java.util.Map;

/**
 * The VM that {@link SlowVmBootTest} boots, and the operator configuration it boots with (also a
 * golden case, {@code golden/vmboot}): a tenant whose image is a directory, the sid root file system
 * of {@code src/test/scripts/sid-rootfs}, booted with its own kernel and initrd (Debian's
 * {@code /vmlinuz} and {@code /initrd.img} links) under TCG, as shared/notes/systemd-testbed.md found
 * it boots on this machine kind: no KVM (guests fail under it here), no vsock, so no READY=1 from the
 * guest's systemd and no SSH key, the console into the journal.
 */
final class VmBoot {
    private VmBoot() {}

    static final String ID = "vmboot";
    static final String IMAGE = "sid";

    /** Configuration PID {@value VmspawnBackend#PID}, as an operator would put it in ConfigAdmin. */
    static final Map<String, Object> OPERATOR = Map.of(
            "kvm", "no",
            "vsock", "no",
            "passSshKey", false,
            "notifyReady", false,
            "console", "read-only",
            "linux", "/vmlinuz",
            "initrd", "/initrd.img");

    static TenantSpec tenant() {
        return new TenantSpec(1, ID, "", true, "vmspawn", new TenantSpec.Image("directory", IMAGE), TenantSpec.Resources.NONE,
                null, List.of(), List.of(), "tenants/" + ID + "/metadata.json");
    }

    /** The backend configured through its own {@code @Activate} method, as the framework does it. */
    static VmspawnBackend backend() {
        VmspawnBackend b = new VmspawnBackend();
        b.configure(ComponentProperties.of(VmspawnBackend.Config.class, OPERATOR));
        return b;
    }
}
