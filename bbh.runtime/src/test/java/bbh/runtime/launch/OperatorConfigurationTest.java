package bbh.runtime.launch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperatorConfigurationTest {

    @TempDir
    Path dir;

    @Test
    void pidAndFactoryFilesBecomeConfigurationsInNameOrderWithTheirTypes() throws Exception {
        Files.writeString(dir.resolve("bbh.network.json"),
                "{\"uplinks\": [\"eth0\", \"eth1\"], \"mtu\": 9000, \"strict\": true, \"name\": \"n\"}");
        Files.writeString(dir.resolve("bbh.nspawn.tenant~acme.json"), "{\"tenant\": \"acme\", \"privateUsers\": \"no\"}");
        Files.writeString(dir.resolve("notes.txt"), "not a configuration");

        List<OperatorConfiguration.Entry> entries = OperatorConfiguration.read(dir);

        assertEquals(2, entries.size());
        OperatorConfiguration.Entry network = entries.get(0);
        assertEquals("bbh.network", network.pid());
        assertNull(network.factoryName());
        assertArrayEquals(new String[] {"eth0", "eth1"}, (String[]) network.properties().get("uplinks"));
        assertEquals(9000, network.properties().get("mtu"));
        assertEquals(Boolean.TRUE, network.properties().get("strict"));
        OperatorConfiguration.Entry acme = entries.get(1);
        assertEquals("bbh.nspawn.tenant", acme.pid());
        assertEquals("acme", acme.factoryName());
        assertEquals("no", acme.properties().get("privateUsers"));
    }

    @Test
    void aFileThatIsNotAnObjectOfUsableValuesIsRefusedNamingTheFileAndProperty() throws Exception {
        Files.writeString(dir.resolve("bbh.network.json"), "{\"reserved\": [\"10.0.0.0/8\", 3]}");
        UsageException e = assertThrows(UsageException.class, () -> OperatorConfiguration.read(dir));
        assertTrue(e.getMessage().contains("bbh.network.json: reserved[1]: a string was expected"), e.getMessage());

        Files.writeString(dir.resolve("bbh.network.json"), "[1, 2]");
        e = assertThrows(UsageException.class, () -> OperatorConfiguration.read(dir));
        assertTrue(e.getMessage().contains("a JSON object of properties was expected"), e.getMessage());

        Files.writeString(dir.resolve("bbh.network.json"), "{\"x\": {\"nested\": 1}}");
        e = assertThrows(UsageException.class, () -> OperatorConfiguration.read(dir));
        assertTrue(e.getMessage().contains("x: a string, a whole number"), e.getMessage());
    }

    @Test
    void badFileNamesAndMissingFoldersAreRefused() throws Exception {
        Files.writeString(dir.resolve("bbh.nspawn.tenant~.json"), "{}");
        UsageException e = assertThrows(UsageException.class, () -> OperatorConfiguration.read(dir));
        assertTrue(e.getMessage().contains("<factoryPid>~<name>.json"), e.getMessage());

        e = assertThrows(UsageException.class, () -> OperatorConfiguration.read(dir.resolve("missing")));
        assertTrue(e.getMessage().contains("a folder of <pid>.json files was expected"), e.getMessage());
    }
}
