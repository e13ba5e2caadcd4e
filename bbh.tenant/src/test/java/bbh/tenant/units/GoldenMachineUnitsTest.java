package bbh.tenant.units;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bbh.api.tenant.TenantSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden fixtures of {@link MachineUnits}: {@code src/test/resources/golden/machine-units/<id>/}
 * holds the files expected, byte for byte, for each tenant of {@link MachineUnitSpecs} at commit
 * {@link ExampleSpecs#COMMIT}; links in {@code symlinks.txt}. After a deliberate change, run with
 * {@code -Dfixtures.update=true} to rewrite them, then review the diff.
 */
class GoldenMachineUnitsTest {

    static final Path GOLDEN = Path.of("src/test/resources/golden/machine-units");

    static List<String> cases() throws Exception {
        return MachineUnitSpecs.withUnits().stream().map(TenantSpec::id).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void renderedFilesEqualTheGoldenOnes(String id) throws Exception {
        TenantSpec spec = MachineUnitSpecs.withUnits().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
        SortedMap<String, String> actual = TreeFolder.golden(MachineUnits.render(spec, ExampleSpecs.COMMIT));
        Path dir = GOLDEN.resolve(id);
        if (Boolean.getBoolean("fixtures.update")) {
            TreeFolder.write(actual, dir);
        }
        SortedMap<String, String> expected = TreeFolder.read(dir);
        assertEquals(expected.keySet(), actual.keySet(), id + ": the files");
        for (String file : expected.keySet()) {
            assertEquals(expected.get(file), actual.get(file), id + "/" + file);
        }
    }
}
