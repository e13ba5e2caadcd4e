package bbh.tenant.units;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bbh.api.tenant.TenantSpec;
import bbh.tenant.unit.ExternalTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every unit rendered from the examples, and every golden fixture, passes
 * {@code systemd-analyze verify} with nothing at all on stderr: its exit code is 0 for most problems
 * ("Unknown key", "Invalid memory limit"), which it only prints. The templates are installed beside
 * them, as in {@code /usr/lib/systemd/system}.
 */
class SystemdVerifyTest {

    @Test
    void unitsRenderedFromTheExamplesVerifyCleanly(@TempDir Path dir) throws Exception {
        SystemdAnalyze.assumeInstalled();
        TreeFolder.place(Templates.all(), dir);
        TreeFolder.place(HostUnits.render(ExampleSpecs.COMMIT), dir);
        List<String> units = new ArrayList<>(List.of(TenantUnitNames.ALL_TENANTS_SLICE, "multi-user.target"));
        for (TenantSpec s : ExampleSpecs.examples()) {
            TreeFolder.place(TenantUnits.render(s, ExampleSpecs.COMMIT), dir);
            units.addAll(SystemdAnalyze.unitsOf(s));
        }
        ExternalTool t = SystemdAnalyze.verify(dir, units);
        assertEquals("", t.stderr(), "systemd-analyze verify " + units);
        assertEquals(0, t.exitCode());
        assertEquals(2 + 4 * 5, units.size());
    }

    @Test
    void everyGoldenFixtureVerifiesCleanly(@TempDir Path dir) throws Exception {
        SystemdAnalyze.assumeInstalled();
        TreeFolder.place(Templates.all(), dir);
        List<String> units = new ArrayList<>(List.of("multi-user.target"));
        try (Stream<Path> cases = Files.list(GoldenUnitsTest.GOLDEN)) {
            for (Path c : (Iterable<Path>) cases.filter(Files::isDirectory).sorted()::iterator) {
                TreeFolder.placeGolden(c, dir);
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".slice")).sorted().forEach(units::add);
        }
        // Every role of every tenant, whether or not it has a drop-in (a tenant without a storage
        // quota has none for tenant-infra@): each tenant has a tenant@ drop-in.
        java.util.SortedSet<String> services = new java.util.TreeSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("tenant@") && n.endsWith(".service.d"))
                    .map(n -> n.substring("tenant@".length(), n.length() - ".service.d".length()))
                    .forEach(i -> List.of("tenant@", "tenant-infra@", "tenant-network@", "tenant-vm@")
                            .forEach(role -> services.add(role + i + ".service")));
        }
        units.addAll(services);
        assertTrue(units.size() >= 1 + 6 + 5 * 4, "slices and services of every golden case: " + units);
        ExternalTool t = SystemdAnalyze.verify(dir, units);
        assertEquals("", t.stderr(), "systemd-analyze verify " + units);
        assertEquals(0, t.exitCode());
    }
}
