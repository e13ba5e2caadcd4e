package bbh.sysext.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading what a machine recorded about its merges, and each way it can fail to confirm a switch. */
class MachineMergeTest {

    private static final String V1 = "1".repeat(64);
    private static final String V2 = "2".repeat(64);
    private static final String STATUS = "[{\"hierarchy\":\"/usr\",\"extensions\":[\"tools\"],\"since\":1700000000000000},"
            + "{\"hierarchy\":\"/opt\",\"extensions\":\"none\",\"since\":null}]";

    private static Map<String, String> seen(String sha) {
        return MachineMerge.releases(sha + "  /usr/lib/extension-release.d/extension-release.tools\n");
    }

    @Test
    void theVersionSwitchedToIsMerged() {
        assertEquals(List.of(), MachineMerge.problems(SysextStatus.parse(STATUS), seen(V2),
                List.of(new MachineMerge.Expected("tools", V2)), List.of()));
    }

    @Test
    void theOldVersionStillSeenIsAProblem() {
        List<String> p = MachineMerge.problems(SysextStatus.parse(STATUS), seen(V1),
                List.of(new MachineMerge.Expected("tools", V2)), List.of());
        assertEquals(List.of("the machine sees another version of 'tools' (its extension-release file has SHA-256 111111111111, "
                + "the version switched to has 222222222222)"), p);
    }

    @Test
    void anImageTheMachineSkippedIsAProblem() {
        String none = "[{\"hierarchy\":\"/usr\",\"extensions\":\"none\",\"since\":null}]";
        List<String> p = MachineMerge.problems(SysextStatus.parse(none), Map.of(),
                List.of(new MachineMerge.Expected("tools", V2)), List.of());
        assertEquals(1, p.size());
        assertTrue(p.get(0).startsWith("'tools' is not merged inside the machine"), p.get(0));
    }

    @Test
    void listedWithoutItsReleaseFileIsAProblem() {
        List<String> p = MachineMerge.problems(SysextStatus.parse(STATUS), Map.of(),
                List.of(new MachineMerge.Expected("tools", V2)), List.of());
        assertEquals(List.of("'tools' is listed as merged but the machine sees no extension-release.tools"), p);
    }

    @Test
    void anImageTakenAwayMustBeGone() {
        assertEquals(List.of("'tools' was taken away but is still merged inside the machine"),
                MachineMerge.problems(SysextStatus.parse(STATUS), seen(V1), List.of(), List.of("tools")));
    }

    @Test
    void sha256sumLinesAreReadAndOthersIgnored() {
        Map<String, String> r = MachineMerge.releases(V1 + "  /usr/lib/extension-release.d/extension-release.a\n"
                + "sha256sum: /etc/extension-release.d/extension-release.*: No such file or directory\n"
                + V2 + "  /etc/extension-release.d/extension-release.b\n");
        assertEquals(Map.of("/usr/lib/extension-release.d/extension-release.a", V1,
                "/etc/extension-release.d/extension-release.b", V2), r);
    }
}
