package bbh.tenant.units;

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

/** The tenants the renderers are tested with: the example repository, validated, and hand-made ones. */
final class ExampleSpecs {
    private ExampleSpecs() {}

    static final Path EXAMPLES = Path.of("../examples/tenant-repo");
    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    /** The four tenants of examples/tenant-repo, through real validation, sorted by id. */
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

    /**
     * A tenant whose free text holds everything that needs escaping, with every limit set, disabled,
     * depending on two tenants given out of order.
     */
    static TenantSpec tricky() {
        return new TenantSpec(1, "x-y-z", "100% \"quoted\" 'single' back\\slash $HOME ${HOME} ; %i ä€😀 \\", false,
                "nspawn", new TenantSpec.Image("directory", "base_2025.1-x"),
                new TenantSpec.Resources(10000, "1%", "1T", "1K", 1, 4194304, "16M",
                        List.of(new TenantSpec.IoLimit("/dev/disk/by-partlabel/100%", "1", "1T"))),
                new TenantSpec.Network("10.9.0.0/24", 9, List.of("10.9.0.1")), List.of(),
                List.of("zeta", "alpha-beta"), "tenants/x-y-z/metadata.json");
    }

    /** Every tenant the golden fixtures cover, by case name. */
    static List<TenantSpec> goldenTenants() throws IOException {
        List<TenantSpec> all = new ArrayList<>(examples());
        all.add(tricky());
        return all;
    }
}
