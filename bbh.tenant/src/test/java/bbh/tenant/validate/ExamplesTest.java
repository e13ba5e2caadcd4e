package bbh.tenant.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bbh.api.tenant.TenantNames;
import bbh.api.tenant.TenantSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The example repository shipped in examples/tenant-repo stays valid and shows what it says. */
class ExamplesTest {

    private static final Path EXAMPLES = Path.of("../examples/tenant-repo");

    @Test
    void theExampleRepositoryHasNoProblems() throws IOException {
        List<TenantCheck> checks = new TenantValidation().validate(FixtureRepository.folders(EXAMPLES), List.of());

        assertEquals(List.of("acme", "globex", "initech", "umbrella-research-lab"),
                checks.stream().map(TenantCheck::tenantId).toList());
        for (TenantCheck c : checks) {
            assertTrue(c.valid(), () -> c.tenantId() + ": " + c.problems());
        }
        TenantSpec lab = checks.get(3).spec();
        assertTrue(lab.id().length() > 12, "one id must be long enough for hashed interface names");
        assertTrue(TenantNames.bridgeName(lab.id()).matches("br-umbre-[0-9a-f]{6}"), TenantNames.bridgeName(lab.id()));
        assertEquals("vmspawn", checks.get(1).spec().backend());
        assertEquals(List.of("acme"), checks.get(1).spec().dependsOn());
        assertEquals(null, checks.get(2).spec().network());
    }
}
