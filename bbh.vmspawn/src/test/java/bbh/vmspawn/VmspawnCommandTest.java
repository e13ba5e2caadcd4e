package bbh.vmspawn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bbh.api.stage.StageException;
import bbh.api.tenant.TenantSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The argument vector: what each setting becomes, and the refusals, each naming file and field. */
class VmspawnCommandTest {

    private static final OperatorSettings DEFAULTS = OperatorSettings.DEFAULTS;

    @Test
    void aBareTenantRunsInItsServiceUnderItsId() throws Exception {
        assertEquals(List.of("/usr/bin/systemd-vmspawn", "--quiet", "--keep-unit", "--register=yes", "--machine=bare",
                "--console=read-only", "--notify-ready=yes", "--pass-ssh-key=no"), VmspawnCommand.argv(Specs.minimal(), DEFAULTS));
    }

    @Test
    void operatorSettingsComeFirst() throws Exception {
        OperatorSettings o = new OperatorSettings("/usr/local/bin/systemd-vmspawn", "/usr/share/qemu/firmware/60-ovmf.json",
                "no", "yes", true, false, "10min", "headless", "", "");
        List<String> argv = VmspawnCommand.argv(Specs.minimal(), o);
        assertEquals(List.of("/usr/local/bin/systemd-vmspawn", "--quiet", "--keep-unit", "--register=yes", "--machine=bare",
                "--console=headless", "--notify-ready=no", "--kvm=no", "--vsock=yes", "--pass-ssh-key=yes",
                "--firmware=/usr/share/qemu/firmware/60-ovmf.json"), argv);
    }

    @Test
    void imageTypesPickDirectoryOrImage() throws Exception {
        TenantSpec raw = Specs.withImage(Specs.minimal(), new TenantSpec.Image("raw", "a.raw"));
        TenantSpec ddi = Specs.withImage(Specs.minimal(), new TenantSpec.Image("ddi", "b.img"));
        TenantSpec dir = Specs.withImage(Specs.minimal(), new TenantSpec.Image(null, "c"));
        assertTrue(VmspawnCommand.argv(raw, DEFAULTS).contains("--image=/var/lib/tenants/bare/images/a.raw"));
        assertTrue(VmspawnCommand.argv(ddi, DEFAULTS).contains("--image=/var/lib/tenants/bare/images/b.img"));
        assertTrue(VmspawnCommand.argv(dir, DEFAULTS).contains("--directory=/var/lib/tenants/bare/images/c"));
    }

    @Test
    void aBindWithASeparatorIsRefusedNamingTheField() {
        TenantSpec spec = Specs.withMachine(Specs.minimal(), new TenantSpec.Machine(null, null, null, null, List.of(),
                List.of(new TenantSpec.Bind("ok", "/a:b", false)), List.of()));
        StageException e = assertThrows(StageException.class, () -> VmspawnCommand.argv(spec, DEFAULTS));
        assertEquals("tenants/bare/metadata.json: machine.binds[0].target: '/a:b' holds a character systemd-vmspawn would read"
                + " as a separator or escape; expected A-Z a-z 0-9 . _ - /", e.getMessage());
    }

    @Test
    void aBindLeavingTheStateFolderIsRefused() {
        TenantSpec spec = Specs.withMachine(Specs.minimal(), new TenantSpec.Machine(null, null, null, null, List.of(),
                List.of(new TenantSpec.Bind("../other", "/x", true)), List.of()));
        StageException e = assertThrows(StageException.class, () -> VmspawnCommand.argv(spec, DEFAULTS));
        assertEquals("tenants/bare/metadata.json: machine.binds[0].source: expected a relative path without '.' or '..'"
                + " components, got '../other'", e.getMessage());
    }

    @Test
    void aCredentialFileThatIsAPathIsRefused() {
        TenantSpec spec = Specs.withMachine(Specs.minimal(), new TenantSpec.Machine(null, null, null, null, List.of(), List.of(),
                List.of(new TenantSpec.Credential("pw", "../../shadow"))));
        StageException e = assertThrows(StageException.class, () -> VmspawnCommand.argv(spec, DEFAULTS));
        assertEquals("tenants/bare/metadata.json: machine.credentials[0].file: not a safe file name: '../../shadow'", e.getMessage());
    }

    @Test
    void anUnknownImageTypeOrDriveFormatIsRefused() {
        TenantSpec img = Specs.withImage(Specs.minimal(), new TenantSpec.Image("vhd", "x"));
        assertEquals("tenants/bare/metadata.json: image.type: 'vhd' is not an image type systemd-vmspawn boots; expected"
                + " directory, raw or ddi", assertThrows(StageException.class, () -> VmspawnCommand.argv(img, DEFAULTS)).getMessage());
        TenantSpec drive = Specs.withMachine(Specs.minimal(), new TenantSpec.Machine(null, null, null, null,
                List.of(new TenantSpec.Drive("d", "vmdk")), List.of(), List.of()));
        assertEquals("tenants/bare/metadata.json: machine.drives[0].format: 'vmdk' is not a drive format; expected raw or qcow2",
                assertThrows(StageException.class, () -> VmspawnCommand.argv(drive, DEFAULTS)).getMessage());
    }

    @Test
    void aBadOperatorSettingIsRefusedNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new OperatorSettings("/usr/bin/systemd-vmspawn", "", "maybe", "auto", false, true, "5min", "read-only", "", ""));
        assertEquals("kvm: expected auto, yes or no, got 'maybe'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new OperatorSettings("/usr/bin/systemd-vmspawn", "fw.json", "auto", "auto", false, true, "5min", "read-only", "", ""));
        assertEquals("firmware: expected an absolute path or nothing, got 'fw.json'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new OperatorSettings("/usr/bin/systemd-vmspawn", "", "auto", "auto", false, true, "soon", "read-only", "", ""));
        assertEquals("startTimeout: expected a systemd time span such as 5min or 300s, got 'soon'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new OperatorSettings("/usr/bin/systemd-vmspawn", "", "auto", "auto", false, true, "5min", "read-only", "vmlinuz", ""));
        assertEquals("linux: expected an absolute path or nothing, got 'vmlinuz'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new OperatorSettings("/usr/bin/systemd-vmspawn", "", "auto", "auto", false, true, "5min", "read-only", "", "/initrd.img"));
        assertEquals("initrd: set only with linux (direct kernel boot), got '/initrd.img' and no linux", e.getMessage());
    }

    @Test
    void directKernelBootIsTheOperatorsKernelAndInitrd() throws Exception {
        OperatorSettings o = new OperatorSettings("/usr/bin/systemd-vmspawn", "", "auto", "auto", false, true, "5min", "read-only",
                "/boot/vmlinuz-6.12.0-1-amd64", "/boot/initrd.img-6.12.0-1-amd64");
        TenantSpec dir = Specs.withImage(Specs.minimal(), new TenantSpec.Image("directory", "root"));
        assertEquals(List.of("/usr/bin/systemd-vmspawn", "--quiet", "--keep-unit", "--register=yes", "--machine=bare",
                "--console=read-only", "--notify-ready=yes", "--pass-ssh-key=no", "--linux=/boot/vmlinuz-6.12.0-1-amd64",
                "--initrd=/boot/initrd.img-6.12.0-1-amd64", "--directory=/var/lib/tenants/bare/images/root"), VmspawnCommand.argv(dir, o));
        OperatorSettings kernelOnly = new OperatorSettings("/usr/bin/systemd-vmspawn", "", "auto", "auto", false, true, "5min",
                "read-only", "/vmlinuz", "");
        List<String> argv = VmspawnCommand.argv(dir, kernelOnly);
        assertTrue(argv.contains("--linux=/vmlinuz") && argv.stream().noneMatch(a -> a.startsWith("--initrd=")), argv.toString());
    }

    @Test
    void theOperatorsConfigurationReachesTheCommandThroughTheComponentsConfigureMethod() throws Exception {
        VmspawnBackend b = new VmspawnBackend();
        b.configure(ComponentProperties.of(VmspawnBackend.Config.class, java.util.Map.of("linux", " /vmlinuz ", "initrd", "/initrd.img",
                "kvm", "no", "passSshKey", "true")));
        String dropIn = b.plan(new bbh.api.stage.TenantWork(Specs.minimal(), Specs.COMMIT, 1,
                bbh.api.stage.HostLayout.under(java.nio.file.Path.of("/nonexistent")))).unitDropIn();
        assertTrue(dropIn.contains(" --kvm=no --pass-ssh-key=yes --linux=/vmlinuz --initrd=/initrd.img"), dropIn);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.configure(
                ComponentProperties.of(VmspawnBackend.Config.class, java.util.Map.of("initrd", "/initrd.img"))));
        assertEquals("configuration bbh.vmspawn: initrd: set only with linux (direct kernel boot), got '/initrd.img' and no linux",
                e.getMessage());
    }
}
