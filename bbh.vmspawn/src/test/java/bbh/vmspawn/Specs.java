package bbh.vmspawn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import bbh.api.tenant.TenantSpec;
import bbh.tenant.source.DirectoryTenantFolder;
import bbh.tenant.source.TenantFolder;
import bbh.tenant.validate.TenantCheck;
import bbh.tenant.validate.TenantValidation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Tenants the backend is tested with: the example repository's, through bbh's real validation, and made ones. */
final class Specs {
    private Specs() {}

    static final Path EXAMPLES = Path.of("../examples/tenant-repo");
    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    /** Every tenant of examples/tenant-repo, validated, sorted by id. */
    static List<TenantSpec> examples() throws IOException {
        List<TenantFolder> folders = new ArrayList<>();
        try (Stream<Path> list = Files.list(EXAMPLES.resolve("tenants"))) {
            list.map(p -> p.getFileName().toString()).sorted().forEach(n -> folders.add(new DirectoryTenantFolder(EXAMPLES, n)));
        }
        List<TenantSpec> specs = new ArrayList<>();
        for (TenantCheck c : new TenantValidation().validate(folders, List.of())) {
            assertTrue(c.valid(), () -> c.tenantId() + ": " + c.problems());
            specs.add(c.spec());
        }
        return specs;
    }

    static TenantSpec example(String id) throws IOException {
        return examples().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }

    /** A VM with every machine setting, both kinds of extension and an id too long for a plain interface name. */
    static TenantSpec full() {
        return new TenantSpec(1, "umbrella-research-lab", "", true, "vmspawn", new TenantSpec.Image("directory", "debian-sid"),
                TenantSpec.Resources.NONE, new TenantSpec.Network("10.7.0.0/24", null, List.of()),
                List.of(new TenantSpec.Extension("tools", "sysext"), new TenantSpec.Extension("etc", "confext")),
                List.of(), "tenants/umbrella-research-lab/metadata.json", List.of(),
                new TenantSpec.Machine(8, "16G", false, true,
                        List.of(new TenantSpec.Drive("scratch.qcow2", "qcow2"), new TenantSpec.Drive("data.raw", null)),
                        List.of(new TenantSpec.Bind("data/www", "/srv/www", false), new TenantSpec.Bind("ro", "/mnt/ro", true)),
                        List.of(new TenantSpec.Credential("ssh.authorized_keys.root", "keys"))));
    }

    /** A VM with nothing but its id: vmspawn finds its image by the machine's name, no network. */
    static TenantSpec minimal() {
        return new TenantSpec(1, "bare", "", true, "vmspawn", null, TenantSpec.Resources.NONE, null, List.of(), List.of(),
                "tenants/bare/metadata.json");
    }

    /** {@code spec} with other machine settings. */
    static TenantSpec withMachine(TenantSpec spec, TenantSpec.Machine machine) {
        return new TenantSpec(spec.schemaVersion(), spec.id(), spec.description(), spec.enabled(), spec.backend(), spec.image(),
                spec.resources(), spec.network(), spec.extensions(), spec.dependsOn(), spec.sourcePath(), spec.units(), machine);
    }

    /** {@code spec} with another image. */
    static TenantSpec withImage(TenantSpec spec, TenantSpec.Image image) {
        return new TenantSpec(spec.schemaVersion(), spec.id(), spec.description(), spec.enabled(), spec.backend(), image,
                spec.resources(), spec.network(), spec.extensions(), spec.dependsOn(), spec.sourcePath(), spec.units(), spec.machine());
    }
}
