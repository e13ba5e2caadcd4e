package bbh.tenant.units;

import static org.junit.jupiter.api.Assertions.assertTrue;

import bbh.api.tenant.TenantSpec;
import bbh.tenant.source.DirectoryTenantFolder;
import bbh.tenant.validate.TenantCheck;
import bbh.tenant.validate.TenantValidation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The tenants with unit files of their own the machine-unit tests use, through real validation: acme
 * of the example repository, and web of the valid fixture {@code units}.
 */
final class MachineUnitSpecs {
    private MachineUnitSpecs() {}

    private static final Path UNITS_FIXTURE = Path.of("src/test/resources/fixtures/valid/units");

    /** acme and web, sorted by id; each ships units. */
    static List<TenantSpec> withUnits() throws IOException {
        List<TenantSpec> specs = new ArrayList<>();
        for (TenantCheck c : new TenantValidation().validate(List.of(new DirectoryTenantFolder(ExampleSpecs.EXAMPLES, "acme"),
                new DirectoryTenantFolder(UNITS_FIXTURE, "web")), List.of())) {
            assertTrue(c.valid(), () -> c.tenantId() + ": " + c.problems());
            assertTrue(!c.spec().units().isEmpty(), c.tenantId() + " ships units");
            specs.add(c.spec());
        }
        return specs;
    }
}
