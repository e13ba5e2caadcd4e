package bbh.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which of networkd's lines a failure reason carries: failures are never crowded out by progress lines. */
class NetworkdJournalTest {

    @Test
    void failuresComeFirstAndProgressFillsTheRest() {
        List<String> lines = List.of(
                "br-initech: netdev ready",
                "up0: Could not create stacked netdev: Unknown device type. Operation not supported",
                "wg-initech: Failed to read private key from '/etc/bbh/credentials/initech/wg.key', ignoring network device",
                "br-initech: Configuring with /run/systemd/network/50-bbh-initech-bridge.network.",
                "br-initech: Link UP",
                "up0: Link UP",
                "br-initech: Gained carrier");
        assertEquals(List.of(
                "up0: Could not create stacked netdev: Unknown device type. Operation not supported",
                "wg-initech: Failed to read private key from '/etc/bbh/credentials/initech/wg.key', ignoring network device",
                "br-initech: Link UP",
                "up0: Link UP",
                "br-initech: Gained carrier"), NetworkdJournal.mostTelling(lines));
    }

    @Test
    void aRepeatedLineCountsOnce() {
        String wg = "wg-initech: Failed to read private key from '/etc/bbh/credentials/initech/wg.key', ignoring network device";
        String vlan = "up0: Could not create stacked netdev: Unknown device type. Operation not supported";
        assertEquals(List.of(wg, vlan, "up0: Link UP"),
                NetworkdJournal.mostTelling(List.of(wg, wg, wg, wg, wg, vlan, "up0: Link UP", wg)));
    }

    @Test
    void fewLinesAreAllKeptTheFailureFirst() {
        assertEquals(List.of("b: Failed", "a: Link UP"), NetworkdJournal.mostTelling(List.of("a: Link UP", "b: Failed")));
    }
}
