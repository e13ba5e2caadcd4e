package bbh.vmspawn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The tap's name, checked against systemd itself: systemd 252 has no vmspawn, but its nspawn shortens
 * {@code ve-<machine>} with the same function and key (naming scheme v252 has NSPAWN_LONG_HASH), and
 * says so on stderr: "Network interface name 've-…' has been changed to 've-…'".
 */
class TapNamesTest {

    private static final Pattern CHANGED = Pattern.compile("has been changed to '([^']+)'");

    @Test
    void namesThatFitStayAsTheyAre() {
        assertEquals("vt-globex", TapNames.vmTap("globex"));
        assertEquals("vt-abcdefghijkl", TapNames.vmTap("abcdefghijkl"));
    }

    @Test
    void longerNamesKeepElevenCharactersAndFourOfHash() {
        String t = TapNames.vmTap("umbrella-research-lab");
        assertEquals(15, t.length());
        assertTrue(t.startsWith("vt-umbrella"), t);
        assertTrue(t.substring(11).matches("[A-Za-z0-9_-]{4}"), t);
    }

    @Test
    void systemdNspawnShortensTheSameWay() throws Exception {
        Assumptions.assumeTrue(Tool.exists("systemd-nspawn"), "systemd-nspawn is not installed");
        Assumptions.assumeTrue(Tool.root(), "not root");
        Path rootfs = Tool.testhostRootfs();
        Assumptions.assumeTrue(rootfs != null, "no cached test host root file system (bin/testhost rootfs)");
        for (String machine : List.of("umbrella-research-lab", "abcdefghijklm", "a-very-long-tenant-id-0123456789")) {
            Tool t = Tool.run(List.of("systemd-nspawn", "--quiet", "--directory=" + rootfs, "--read-only", "--register=no",
                    "--keep-unit", "--network-veth", "--machine=" + machine, "/bin/true"));
            Tool.run(List.of("rm", "-rf", "--one-file-system", "/run/systemd/nspawn/propagate/" + machine));
            assertEquals(0, t.exitCode(), t.stderr());
            Matcher m = CHANGED.matcher(t.stderr());
            assertTrue(m.find(), "systemd-nspawn did not shorten ve-" + machine + ": " + t.stderr());
            assertEquals(m.group(1), TapNames.nspawnVeth(machine), machine);
        }
    }
}
