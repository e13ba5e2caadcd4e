package bbh.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bbh.api.tenant.TenantSpec;
import bbh.tenant.unit.RenderedTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every file kind the network stage writes, against golden copies in
 * {@code src/test/resources/golden/<case>/}. Run with {@code -Dgolden.update=true} to rewrite them,
 * then read the diff. The same files are parsed by networkd in the booted test host (NetworkStageIT).
 */
class GoldenFilesTest {

    static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @Test
    void minimalBridge() throws Exception {
        check("minimal", TenantNetworkRenderer.render(Specs.minimal(), COMMIT, null));
    }

    @Test
    void everyField() throws Exception {
        check("full", TenantNetworkRenderer.render(Specs.full(), COMMIT, "trunk0"));
    }

    @Test
    void ipv6OnlyWithMulticastVxlan() throws Exception {
        check("ipv6-only", TenantNetworkRenderer.render(Specs.ipv6Only(), COMMIT, "eth2"));
    }

    @Test
    void uplinksOfTheOperator() throws Exception {
        OperatorNetwork operator = OperatorNetwork.parse(new String[] {"trunk0=52:54:00:AB:CD:EF", "eth2"}, "trunk0",
                new String[] {"192.168.0.0/16"});
        check("uplinks", UplinkRenderer.render(operator));
    }

    @Test
    void renderingTwiceGivesTheSameBytes() throws Exception {
        TenantSpec spec = Specs.full();
        assertEquals(text(TenantNetworkRenderer.render(spec, COMMIT, "trunk0")), text(TenantNetworkRenderer.render(spec, COMMIT, "trunk0")));
    }

    static Map<String, String> text(RenderedTree tree) {
        Map<String, String> m = new TreeMap<>();
        tree.entries().forEach((p, e) -> m.put(p, new String(e.content(), StandardCharsets.UTF_8)));
        return m;
    }

    private static void check(String name, RenderedTree tree) throws IOException {
        Path dir = GOLDEN.resolve(name);
        Map<String, String> actual = text(tree);
        if (Boolean.getBoolean("golden.update")) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> old = Files.walk(dir)) {
                    old.sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(dir)).forEach(p -> p.toFile().delete());
                }
            }
            for (Map.Entry<String, String> e : actual.entrySet()) {
                Path f = dir.resolve(e.getKey());
                Files.createDirectories(f.getParent());
                Files.writeString(f, e.getValue());
            }
        }
        Map<String, String> expected = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                expected.put(dir.relativize(f).toString(), Files.readString(f));
            }
        }
        assertEquals(expected, actual, "golden files of " + name + " (rewrite with -Dgolden.update=true and read the diff)");
    }
}
