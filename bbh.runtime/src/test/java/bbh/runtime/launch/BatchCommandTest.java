package bbh.runtime.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchCommandTest {

    private static Map<String, String> launch(String... keyValues) {
        Map<String, String> m = new HashMap<>();
        m.put(LaunchProperties.CWD, "/home/op");
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    @Test
    void validateTakesItsLocationRelativeToTheCaller() throws Exception {
        assertEquals(new BatchCommand.Validate("/home/op/examples/tenant-repo"), BatchCommand.parse(launch(
                LaunchProperties.BATCH, "validate", LaunchProperties.BATCH_LOCATION, "examples/tenant-repo")::get));
    }

    @Test
    void validateWithoutALocationIsAUsageError() {
        UsageException e = assertThrows(UsageException.class,
                () -> BatchCommand.parse(launch(LaunchProperties.BATCH, "validate")::get));
        assertTrue(e.getMessage().contains(LaunchProperties.BATCH_LOCATION), e.getMessage());
    }

    @Test
    void renderAndOnceWaitFiveMinutesByDefault() throws Exception {
        for (String name : new String[] {"render", "once"}) {
            assertEquals(new BatchCommand.Render(Duration.ofSeconds(300)), BatchCommand.parse(launch(
                    LaunchProperties.BATCH, name, LaunchProperties.REPO, "/srv/t")::get));
        }
    }

    @Test
    void renderTakesItsTimeoutInSeconds() throws Exception {
        assertEquals(new BatchCommand.Render(Duration.ofSeconds(7)), BatchCommand.parse(launch(
                LaunchProperties.BATCH, "render", LaunchProperties.REPO, "/srv/t",
                LaunchProperties.BATCH_TIMEOUT, "7")::get));
    }

    @Test
    void renderRefusesWhatItCannotUse() {
        assertThrows(UsageException.class, () -> BatchCommand.parse(launch(LaunchProperties.BATCH, "render")::get));
        assertThrows(UsageException.class, () -> BatchCommand.parse(launch(LaunchProperties.BATCH, "render",
                LaunchProperties.REPO, "/srv/t", LaunchProperties.BATCH_TIMEOUT, "0")::get));
        assertThrows(UsageException.class, () -> BatchCommand.parse(launch(LaunchProperties.BATCH, "render",
                LaunchProperties.REPO, "/srv/t", LaunchProperties.INTERVAL, "x")::get));
    }

    @Test
    void anUnknownCommandIsNamedInTheMessage() {
        UsageException e = assertThrows(UsageException.class,
                () -> BatchCommand.parse(launch(LaunchProperties.BATCH, "frobnicate")::get));
        assertEquals("bbh.batch: unknown command 'frobnicate'; validate, render or once was expected", e.getMessage());
    }

    @Test
    void exitCodesAreTheOnesBinBbhReturns() {
        assertEquals(0, ExitCode.SUCCESS.code());
        assertEquals(1, ExitCode.FAILURE.code());
        assertEquals(2, ExitCode.ERROR.code());
    }
}
