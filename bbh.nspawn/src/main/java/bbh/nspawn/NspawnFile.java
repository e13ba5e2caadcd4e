package bbh.nspawn;

import bbh.api.stage.HostLayout;
import bbh.api.tenant.TenantNames;
import bbh.api.tenant.TenantSpec;
import bbh.tenant.unit.GeneratedHeader;
import bbh.tenant.unit.NspawnValues;
import bbh.tenant.unit.UnitFile;
import bbh.tenant.unit.UnitValues;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The tenant's {@code /etc/systemd/nspawn/<id>.nspawn} (systemd.nspawn(5)): a file in {@code /etc}
 * is trusted with every setting, which is why its privileged settings come from the operator
 * ({@link OperatorSettings}) and only the unprivileged subset from the tenant's metadata.
 *
 * <pre>
 * [Exec]    Boot=yes, PrivateUsers= (operator, default pick), Capability=/DropCapability= (operator),
 *           LoadCredential= (machine.credentials, from /etc/bbh/credentials/&lt;id&gt;/)
 * [Files]   Volatile= (overlay on a shared image), PrivateUsersOwnership=map (a shared image with
 *           user namespacing), BindReadOnly= of the tenant's extension folders
 *           (/var/lib/extensions, /var/lib/confexts) and own units (/usr/local/lib/systemd/system),
 *           Bind=/BindReadOnly= of machine.binds under /var/lib/tenants/&lt;id&gt;/, the operator's binds
 * [Network] Bridge=br-&lt;id&gt; when the tenant has a network, else Private=yes (no network at all)
 * </pre>
 */
final class NspawnFile {
    private NspawnFile() {}

    /** Where the tenant's own units are bound in the machine: a vendor unit folder images leave empty. */
    static final String OWN_UNITS_IN_MACHINE = "/usr/local/lib/systemd/system";

    /** The file's path relative to the host's root. */
    static String path(String tenantId) {
        return "etc/systemd/nspawn/" + tenantId + ".nspawn";
    }

    static String render(TenantSpec spec, String commit, HostLayout host, MachineImage image, OperatorSettings operator) {
        String id = spec.id();
        UnitFile.Builder f = UnitFile.builder(id + ".nspawn")
                .line(GeneratedHeader.of(spec.sourcePath(), commit))
                .blank()
                .section("Exec")
                .set("Boot", UnitValues.bool(true))
                .set("PrivateUsers", UnitValues.word(operator.privateUsers()));
        operator.capabilities().forEach(c -> f.set("Capability", UnitValues.word(c)));
        operator.dropCapabilities().forEach(c -> f.set("DropCapability", UnitValues.word(c)));
        for (TenantSpec.Credential c : spec.machine().credentials()) {
            f.set("LoadCredential", NspawnValues.credential(c.name(), "/etc/bbh/credentials/" + id + "/" + c.file()));
        }

        // [Files] only when it has a setting: an empty section is noise in an operator's eyes.
        UnitFile.Builder files = UnitFile.builder(id + ".nspawn").section("Files");
        String volatileMode = operator.volatileMode().isEmpty() ? (image.shared() ? "overlay" : "") : operator.volatileMode();
        if (!volatileMode.isEmpty()) {
            files.set("Volatile", UnitValues.word(volatileMode));
        }
        if (image.shared() && !operator.privateUsers().equals("no")) {
            // A shared image is never chown'ed to a tenant's UID range: user namespaces on it need
            // ID-mapped mounts (kernel and file system must support them; nspawn says so if not).
            files.set("PrivateUsersOwnership", UnitValues.word("map"));
        }
        bindIfPresent(files, host, host.tenantSysext(id), "/var/lib/extensions");
        bindIfPresent(files, host, host.tenantConfext(id), "/var/lib/confexts");
        if (!spec.units().isEmpty()) {
            files.set("BindReadOnly", NspawnValues.bind(onHost(host, OwnUnits.folder(host, id)), OWN_UNITS_IN_MACHINE));
        }
        for (TenantSpec.Bind b : spec.machine().binds()) {
            files.set(b.readOnly() ? "BindReadOnly" : "Bind",
                    NspawnValues.bind("/var/lib/tenants/" + id + "/" + b.source(), b.target()));
        }
        operator.binds().forEach(b -> files.set("Bind", bind(b)));
        operator.bindsReadOnly().forEach(b -> files.set("BindReadOnly", bind(b)));

        UnitFile filesSection = files.build();
        if (!filesSection.sections().get(0).lines().isEmpty()) {
            f.section("Files");
            filesSection.sections().get(0).lines().forEach(f::line);
        }

        f.section("Network");
        if (spec.network() != null) {
            f.set("Bridge", UnitValues.word(TenantNames.bridgeName(id)));
        } else {
            f.set("Private", UnitValues.bool(true));
        }
        return f.build().text();
    }

    private static void bindIfPresent(UnitFile.Builder f, HostLayout host, Path folder, String inMachine) {
        if (Files.isDirectory(folder)) {
            f.set("BindReadOnly", NspawnValues.bind(onHost(host, folder), inMachine));
        }
    }

    private static bbh.tenant.unit.UnitValue bind(String hostColonGuest) {
        String[] parts = hostColonGuest.split(":", -1);
        return NspawnValues.bind(parts[0], parts[1]);
    }

    /** A path under the host's root prefix, as the host itself names it. */
    static String onHost(HostLayout host, Path p) {
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(host.root()) ? "/" + host.root().relativize(abs) : abs.toString();
    }
}
