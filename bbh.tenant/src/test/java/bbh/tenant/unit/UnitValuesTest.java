package bbh.tenant.unit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each escaper writes what its kind of setting reads back, or refuses. */
class UnitValuesTest {

    private static void refused(Runnable r) {
        assertThrows(IllegalArgumentException.class, r::run);
    }

    @Test
    void textDoublesPercentAndDropsWhitespaceAtTheEnds() {
        assertEquals("100%% ready, \"really\" \\o/", UnitValues.text("  100% ready, \"really\" \\o/ ").text());
        refused(() -> UnitValues.text("a\tb"));
        refused(() -> UnitValues.text("ends in a backslash\\"));
        assertEquals("two backslashes\\\\", UnitValues.text("two backslashes\\\\").text());
    }

    @Test
    void wordsArePlainTokens() {
        assertEquals("oneshot", UnitValues.word("oneshot").text());
        for (String w : List.of("", "a b", "a\"", "a'", "a\\", "50%", "$X", "a;b", "x\ny")) {
            refused(() -> UnitValues.word(w));
        }
    }

    @Test
    void unitNamesAreCheckedAndJoined() {
        assertEquals("tenant@umbrella\\x2dresearch\\x2dlab.service tenant-a.slice",
                UnitValues.unitNames(List.of("tenant@umbrella\\x2dresearch\\x2dlab.service", "tenant-a.slice")).text());
        for (String n : List.of("x", "a b.service", "@x.service", "x.unknown", "a%i.service", "x".repeat(250) + ".service")) {
            refused(() -> UnitValues.unitName(n));
        }
        refused(() -> UnitValues.unitNames(List.of()));
    }

    @Test
    void pathsAreAbsoluteNormalizedAndSpecifierEscaped() {
        assertEquals("/var/lib/tenants/a%%b", UnitValues.path("/var/lib/tenants/a%b").text());
        assertEquals("/", UnitValues.path("/").text());
        for (String p : List.of("relative", "/a/", "/a//b", "/a/./b", "/a/../b", "/a b", "/a\"b", "/a\\b", "/a\nb")) {
            refused(() -> UnitValues.path(p));
        }
        assertEquals("/a \"/b c\" \"/d\\\\e\" \"/f\\\"g\"", UnitValues.paths(List.of("/a", "/b c", "/d\\e", "/f\"g")).text());
        refused(() -> UnitValues.paths(List.of("/ok", "/a\rb")));
    }

    @Test
    void deviceBandwidthsAreAPathAndANumber() {
        assertEquals("/dev/disk/by-id/nvme-A_1 200M", UnitValues.deviceBandwidth("/dev/disk/by-id/nvme-A_1", "200M").text());
        assertEquals("/dev/sda infinity", UnitValues.deviceBandwidth("/dev/sda", "infinity").text());
        assertEquals("/dev/a%%H 1", UnitValues.deviceBandwidth("/dev/a%H", "1").text(), "systemd 252 resolves specifiers in the path");
        for (String d : List.of("sda", "/dev/sda ", "/dev/sd a", "/dev/\"sda", "/dev/sda\n1", "/dev/../sda", "/dev/sda/")) {
            refused(() -> UnitValues.deviceBandwidth(d, "1M"));
        }
        for (String b : List.of("", "1 M", "1MB", "1P", "-1", "1M\nCPUQuota=1%")) {
            refused(() -> UnitValues.deviceBandwidth("/dev/sda", b));
        }
        refused(() -> UnitValues.deviceBandwidth("/dev/sda", null));
    }

    @Test
    void environmentAssignmentsQuoteWhatTheyMust() {
        assertEquals("BBH_LINK=br-acme", UnitValues.environment("BBH_LINK", "br-acme").text());
        assertEquals("A=", UnitValues.environment("A", "").text());
        assertEquals("\"A=x y $Z 50%% \\\"q\\\" \\\\\"", UnitValues.environment("A", "x y $Z 50% \"q\" \\").text());
        refused(() -> UnitValues.environment("1A", "x"));
        refused(() -> UnitValues.environment("A B", "x"));
        refused(() -> UnitValues.environment("A", "x\ny"));
    }

    @Test
    void numbersSizesPercentagesAndSwitches() {
        assertEquals("512", UnitValues.integer(512).text());
        assertEquals("1536M", UnitValues.size("1536M").text());
        assertEquals("infinity", UnitValues.size("infinity").text());
        assertEquals("200%", UnitValues.percentage("200%").text(), "CPUQuota= resolves no specifiers: '%' stays single");
        assertEquals("yes", UnitValues.bool(true).text());
        assertEquals("no", UnitValues.bool(false).text());
        for (String s : List.of("", "2 G", "2GB", "-1", "lots")) {
            refused(() -> UnitValues.size(s));
        }
        for (String s : List.of("", "200", "200%%", "%", "2 %")) {
            refused(() -> UnitValues.percentage(s));
        }
    }
}
