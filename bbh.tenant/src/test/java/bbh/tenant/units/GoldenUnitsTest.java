package bbh.tenant.units;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bbh.api.tenant.TenantSpec;
import bbh.tenant.unit.RenderedTree;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden fixtures for every renderer: {@code src/test/resources/golden/units/<case>/} holds the files
 * expected, byte for byte, from {@link TenantUnits} for each example tenant and the tricky one, and
 * from {@link HostUnits} ({@code host}), at commit {@link ExampleSpecs#COMMIT}. Symlinks are listed
 * in {@code symlinks.txt}. After a deliberate change, run with {@code -Dfixtures.update=true} to
 * rewrite them, then review the diff.
 */
class GoldenUnitsTest {

    static final Path GOLDEN = Path.of("src/test/resources/golden/units");

    static List<String> cases() throws Exception {
        List<String> names = new ArrayList<>(List.of("host"));
        for (TenantSpec s : ExampleSpecs.goldenTenants()) {
            names.add(s.id());
        }
        return names;
    }

    static RenderedTree render(String name) throws Exception {
        if (name.equals("host")) {
            return HostUnits.render(ExampleSpecs.COMMIT);
        }
        for (TenantSpec s : ExampleSpecs.goldenTenants()) {
            if (s.id().equals(name)) {
                return TenantUnits.render(s, ExampleSpecs.COMMIT);
            }
        }
        throw new IllegalArgumentException(name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void renderedFilesEqualTheGoldenOnes(String name) throws Exception {
        SortedMap<String, String> actual = TreeFolder.golden(render(name));
        Path dir = GOLDEN.resolve(name);
        if (Boolean.getBoolean("fixtures.update")) {
            TreeFolder.write(actual, dir);
        }
        SortedMap<String, String> expected = TreeFolder.read(dir);
        assertEquals(expected.keySet(), actual.keySet(), name + ": the files");
        for (String file : expected.keySet()) {
            assertEquals(expected.get(file), actual.get(file), name + "/" + file);
        }
    }
}
