package bbh.vmspawn;

import bbh.api.stage.StageException;
import bbh.api.tenant.TenantSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The argument vector of {@code systemd-vmspawn} for one tenant: the operator's settings, then the
 * tenant's. Every option is one of systemd {@value VersionGate#MINIMUM} (docs/machines-vmspawn.md has
 * each with its release); the vector goes into the unit through {@code UnitValues.command}, never by
 * joining strings. Paths are checked here beyond the schema, because vmspawn splits some arguments
 * itself: {@code --bind=SOURCE:TARGET} and {@code --extra-drive=FORMAT:PATH} at {@code :}, with
 * {@code \} escapes, {@code --load-credential=ID:PATH} at the first {@code :}.
 */
final class VmspawnCommand {
    private VmspawnCommand() {}

    /** Characters of a path vmspawn takes as it is: no {@code :}, no {@code \}, no whitespace. */
    private static final Pattern PLAIN_PATH = Pattern.compile("[A-Za-z0-9._/-]+");
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    static List<String> argv(TenantSpec spec, OperatorSettings operator) throws StageException {
        String id = spec.id();
        TenantSpec.Machine m = spec.machine();
        List<String> a = new ArrayList<>();
        a.add(operator.executable());
        // Run inside tenant-vm@<id>.service (its slice, its limits, its lifetime), registered with
        // machined under the tenant's id.
        a.addAll(List.of("--quiet", "--keep-unit", "--register=yes", "--machine=" + id));
        a.add("--console=" + operator.console());
        a.add("--notify-ready=" + yesNo(operator.notifyReady()));
        if (!operator.kvm().equals("auto")) {
            a.add("--kvm=" + operator.kvm());
        }
        if (!operator.vsock().equals("auto")) {
            a.add("--vsock=" + operator.vsock());
        }
        a.add("--pass-ssh-key=" + yesNo(operator.passSshKey()));
        if (!operator.firmware().isEmpty()) {
            a.add("--firmware=" + operator.firmware());
        }
        // Direct kernel boot: the operator's kernel, never a tenant's (a kernel is the VM's whole trust base).
        if (!operator.linux().isEmpty()) {
            a.add("--linux=" + operator.linux());
        }
        if (!operator.initrd().isEmpty()) {
            a.add("--initrd=" + operator.initrd());
        }

        TenantSpec.Image image = spec.image();
        if (image != null) {
            String path = MachineFields.value(spec, "image.name", () -> plainPath(MachinePaths.image(id, plainName(image.name()))));
            String type = image.type() == null ? "directory" : image.type();
            switch (type) {
                case "directory" -> a.add("--directory=" + path);
                case "raw", "ddi" -> a.add("--image=" + path);
                default -> throw new StageException(MachineFields.source(spec) + ": image.type: '" + type
                        + "' is not an image type systemd-vmspawn boots; expected directory, raw or ddi");
            }
        }
        // No image: vmspawn finds one named after the machine in /var/lib/machines and friends.

        if (m.cpus() != null) {
            if (m.cpus() < 1) {
                throw new StageException(MachineFields.source(spec) + ": machine.cpus: expected at least 1, got " + m.cpus());
            }
            a.add("--cpus=" + m.cpus());
        }
        if (m.memory() != null) {
            a.add("--ram=" + MachineFields.value(spec, "machine.memory", () -> size(m.memory())));
        }
        if (m.tpm() != null) {
            a.add("--tpm=" + yesNo(m.tpm()));
        }
        if (m.secureBoot() != null) {
            a.add("--secure-boot=" + yesNo(m.secureBoot()));
        }
        if (spec.network() != null) {
            // A tap named vt-<id> (TapNames), joined to the tenant's bridge by TapNetwork's file.
            a.add("--network-tap");
        }
        for (int i = 0; i < m.binds().size(); i++) {
            TenantSpec.Bind b = m.binds().get(i);
            String field = "machine.binds[" + i + "]";
            String source = MachineFields.value(spec, field + ".source", () -> plainPath(MachinePaths.bindSource(id, relative(b.source()))));
            String target = MachineFields.value(spec, field + ".target", () -> plainPath(absolute(b.target())));
            a.add((b.readOnly() ? "--bind-ro=" : "--bind=") + source + ":" + target);
        }
        // Extension images the overlay stage keeps for the machine, merged by the VM's own
        // systemd-sysext/confext from the folders they look in.
        if (spec.extensions().stream().anyMatch(e -> "sysext".equals(e.type()))) {
            a.add("--bind-ro=" + MachinePaths.sysext(id) + ":/var/lib/extensions");
        }
        if (spec.extensions().stream().anyMatch(e -> "confext".equals(e.type()))) {
            a.add("--bind-ro=" + MachinePaths.confext(id) + ":/var/lib/confexts");
        }
        for (int i = 0; i < m.drives().size(); i++) {
            TenantSpec.Drive d = m.drives().get(i);
            String field = "machine.drives[" + i + "]";
            String path = MachineFields.value(spec, field + ".file", () -> plainPath(MachinePaths.drive(id, plainName(d.file()))));
            String format = d.format() == null ? "raw" : d.format();
            switch (format) {
                // A raw drive without prefix: the form systemd 256 to 259 take.
                case "raw" -> a.add("--extra-drive=" + path);
                case "qcow2" -> a.add("--extra-drive=qcow2:" + path);
                default -> throw new StageException(MachineFields.source(spec) + ": " + field + ".format: '" + format
                        + "' is not a drive format; expected raw or qcow2");
            }
        }
        for (int i = 0; i < m.credentials().size(); i++) {
            TenantSpec.Credential c = m.credentials().get(i);
            String field = "machine.credentials[" + i + "]";
            String name = MachineFields.value(spec, field + ".name", () -> plainName(c.name()));
            String path = MachineFields.value(spec, field + ".file", () -> plainPath(MachinePaths.credential(id, plainName(c.file()))));
            // The value stays on the host until vmspawn reads it: the repository only names the file.
            a.add("--load-credential=" + name + ":" + path);
        }
        return List.copyOf(a);
    }

    private static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }

    private static String size(String s) {
        if (!s.matches("[1-9][0-9]{0,18}[KMGT]?")) {
            throw new IllegalArgumentException("not a size: '" + s + "'; expected digits with an optional K, M, G or T");
        }
        return s;
    }

    private static String plainName(String name) {
        if (name == null || !PLAIN_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a safe file name: '" + name + "'");
        }
        return name;
    }

    private static String relative(String path) {
        if (path == null || path.startsWith("/") || hasDotComponent(path)) {
            throw new IllegalArgumentException("expected a relative path without '.' or '..' components, got '" + path + "'");
        }
        return path;
    }

    private static String absolute(String path) {
        if (path == null || !path.startsWith("/") || path.equals("/") || hasDotComponent(path.substring(1))) {
            throw new IllegalArgumentException("expected an absolute path without '.' or '..' components, not /, got '" + path + "'");
        }
        return path;
    }

    private static boolean hasDotComponent(String path) {
        return Arrays.stream(path.split("/", -1)).anyMatch(p -> p.isEmpty() || p.equals(".") || p.equals(".."));
    }

    private static String plainPath(String path) {
        if (!PLAIN_PATH.matcher(path).matches()) {
            throw new IllegalArgumentException("'" + path + "' holds a character systemd-vmspawn would read as a separator or"
                    + " escape; expected A-Z a-z 0-9 . _ - /");
        }
        return path;
    }
}
