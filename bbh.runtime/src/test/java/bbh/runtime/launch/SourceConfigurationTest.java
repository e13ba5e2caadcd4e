package bbh.runtime.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceConfigurationTest {

    private static Map<String, String> launch(String... keyValues) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    @Test
    void withoutARepositoryThereIsNothingToConfigure() throws Exception {
        assertTrue(SourceConfiguration.from(launch(LaunchProperties.ROOT, "/tmp/host")::get).isEmpty());
        assertTrue(SourceConfiguration.from(launch(LaunchProperties.REPO, "  ")::get).isEmpty());
    }

    @Test
    void everyGivenPropertyIsMappedAndPathsMadeAbsolute() throws Exception {
        Map<String, Object> p = SourceConfiguration.from(launch(
                LaunchProperties.CWD, "/home/op",
                LaunchProperties.REPO, "tenants",
                LaunchProperties.BRANCH, "prod",
                LaunchProperties.ROOT, "host",
                LaunchProperties.STATE, "/var/tmp/bbh",
                LaunchProperties.INTERVAL, "0")::get).orElseThrow();
        assertEquals(Map.of(
                "location", "/home/op/tenants",
                "branch", "prod",
                "root", "/home/op/host",
                "state", "/var/tmp/bbh",
                "interval", 0), p);
        assertEquals(List.of("branch", "interval", "location", "root", "state"), List.copyOf(p.keySet()));
    }

    @Test
    void whatWasNotGivenIsLeftToTheRepositoryComponentsDefaults() throws Exception {
        Map<String, Object> p = SourceConfiguration.from(launch(
                LaunchProperties.REPO, "https://git.example.org/t.git")::get).orElseThrow();
        assertEquals(Map.of("location", "https://git.example.org/t.git"), p);
    }

    @Test
    void aMalformedIntervalNamesThePropertyAndTheValue() {
        UsageException e = assertThrows(UsageException.class, () -> SourceConfiguration.from(launch(
                LaunchProperties.REPO, "/srv/t", LaunchProperties.INTERVAL, "soon")::get));
        assertEquals("bbh.interval: a whole number of seconds, at least 0, was expected, found 'soon'", e.getMessage());
        assertThrows(UsageException.class, () -> SourceConfiguration.from(launch(
                LaunchProperties.REPO, "/srv/t", LaunchProperties.INTERVAL, "-5")::get));
    }
}
