package bbh.vmspawn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bbh.api.stage.HostLayout;
import bbh.api.stage.MachinePlan;
import bbh.api.stage.TenantWork;
import bbh.api.tenant.TenantSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden fixtures: {@code src/test/resources/golden/<case>/} holds, byte for byte, the plan of each
 * vmspawn case at {@link Specs#COMMIT} with the default operator settings: the drop-in as
 * {@code tenant-vm@<instance>.service.d/60-machine.conf} and the plan's files at their paths; and
 * {@code golden/vmboot}, the VM of SlowVmBootTest with its operator settings ({@link VmBoot}). After a
 * deliberate change run with {@code -Dfixtures.update=true} and review the diff.
 */
class GoldenPlanTest {

    static final Path GOLDEN = Path.of("src/test/resources/golden");

    static List<TenantSpec> cases() throws IOException {
        List<TenantSpec> specs = new ArrayList<>(List.of(Specs.example("globex"), Specs.full(), Specs.minimal()));
        return specs;
    }

    /** The plan's files as the host has them: the drop-in in its folder, the rest at their paths. */
    static SortedMap<String, String> files(TenantSpec spec) throws Exception {
        return files(new VmspawnBackend(), spec);
    }

    static SortedMap<String, String> files(VmspawnBackend backend, TenantSpec spec) throws Exception {
        MachinePlan plan = backend.plan(new TenantWork(spec, Specs.COMMIT, 1, HostLayout.under(Path.of("/nonexistent"))));
        SortedMap<String, String> files = new TreeMap<>(plan.files());
        files.put(dropInPath(spec.id()), plan.unitDropIn());
        return files;
    }

    static String dropInPath(String id) {
        return "run/systemd/system/tenant-vm@" + bbh.tenant.unit.InstanceNames.escape(id) + ".service.d/" + VmspawnDropIn.NAME;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void planEqualsTheGoldenFiles(TenantSpec spec) throws Exception {
        assertGolden(spec.id(), files(new VmspawnBackend(), spec));
    }

    /** The VM SlowVmBootTest boots: operator settings through the backend's configuration method, direct kernel boot. */
    @Test
    void theBootedVmsPlanEqualsTheGoldenFiles() throws Exception {
        assertGolden(VmBoot.ID, files(VmBoot.backend(), VmBoot.tenant()));
    }

    private static void assertGolden(String name, SortedMap<String, String> actual) throws IOException {
        Path dir = GOLDEN.resolve(name);
        if (Boolean.getBoolean("fixtures.update")) {
            for (var e : actual.entrySet()) {
                Path p = dir.resolve(e.getKey());
                Files.createDirectories(p.getParent());
                Files.writeString(p, e.getValue(), StandardCharsets.UTF_8);
            }
        }
        SortedMap<String, String> expected = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                expected.put(dir.relativize(p).toString(), Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        assertEquals(expected.keySet(), actual.keySet(), name + ": the files");
        for (String f : expected.keySet()) {
            assertEquals(expected.get(f), actual.get(f), name + "/" + f);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theSameWorkGivesTheSamePlan(TenantSpec spec) throws Exception {
        assertEquals(files(spec), files(spec));
    }
}
