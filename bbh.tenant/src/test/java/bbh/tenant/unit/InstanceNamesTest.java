package bbh.tenant.unit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** InstanceNames escapes exactly as systemd-escape(1) does: checked against the binary of this machine. */
class InstanceNamesTest {

    private static final List<String> FIXED = List.of("umbrella-research-lab", "acme", "a/b", ".hidden", "a.b.", "x..y",
            "ä€😀", "a b", "tab\there", "nl\nx", "x\\y", "a%b", "-", "--", "_:.", "A-Z_09", "/", "//a//", "\u0001\u007f",
            "\u0085\u2028", "日本語", "!\"#$&'()*+,;<=>?@[]^`{|}~");

    private static List<String> samples() {
        List<String> all = new ArrayList<>(FIXED);
        Random r = new Random(42);
        String alphabet = "abcXYZ019-_.:/\\ %@ä€😀\t";
        for (int n = 0; n < 300; n++) {
            StringBuilder b = new StringBuilder();
            int len = 1 + r.nextInt(12);
            while (b.length() < len) {
                b.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0, r.nextInt(alphabet.codePointCount(0, alphabet.length())))));
            }
            all.add(b.toString());
        }
        return all;
    }

    private static List<String> systemdEscape(List<String> options, List<String> inputs) throws Exception {
        Assumptions.assumeTrue(ExternalTool.exists("systemd-escape"), "systemd-escape is not installed");
        List<String> cmd = new ArrayList<>(List.of("systemd-escape"));
        cmd.addAll(options);
        cmd.add("--");
        cmd.addAll(inputs);
        ExternalTool t = ExternalTool.run(cmd, Map.of());
        assertEquals(0, t.exitCode(), t.stderr());
        // Escaped names hold neither spaces nor line breaks: the tool prints them space-separated.
        return Arrays.asList(t.stdout().strip().split(" "));
    }

    @Test
    void escapeMatchesSystemdEscape() throws Exception {
        List<String> in = samples();
        List<String> expected = systemdEscape(List.of(), in);
        for (int i = 0; i < in.size(); i++) {
            assertEquals(expected.get(i), InstanceNames.escape(in.get(i)), "input " + in.get(i));
        }
    }

    @Test
    void escapeRoundTripsThroughUnescape() {
        for (String s : samples()) {
            assertEquals(s, InstanceNames.unescape(InstanceNames.escape(s)), s);
        }
    }

    @Test
    void pathModeMatchesSystemdEscape() throws Exception {
        List<String> in = new ArrayList<>(List.of("/", "/var/lib/tenants/acme", "/a//b/./c/", "/.dot/x", "/a b/ä", "/x-y/z"));
        for (String s : samples()) {
            String p = "/" + s.replace("..", "__");
            if (!p.contains("/./") && !p.endsWith("/.")) {
                in.add(p);
            }
        }
        List<String> expected = systemdEscape(List.of("--path"), in);
        for (int i = 0; i < in.size(); i++) {
            assertEquals(expected.get(i), InstanceNames.escapePath(in.get(i)), "input " + in.get(i));
        }
    }

    @Test
    void theLeadsExampleAndItsPercentI() {
        assertEquals("umbrella\\x2dresearch\\x2dlab", InstanceNames.escape("umbrella-research-lab"));
        assertEquals("umbrella-research-lab", InstanceNames.unescape("umbrella\\x2dresearch\\x2dlab"));
        // Unescaped, the raw id's dashes would read as slashes: why the id is escaped at all.
        assertEquals("umbrella/research/lab", InstanceNames.unescape("umbrella-research-lab"));
    }

    @Test
    void unescapeMatchesSystemdEscapeOnHandPickedInputs() throws Exception {
        Assumptions.assumeTrue(ExternalTool.exists("systemd-escape"), "systemd-escape is not installed");
        for (String s : List.of("a\\x2Db-c", "\\xc3\\xa4x", "plain", "\\x2ehidden")) {
            ExternalTool t = ExternalTool.run(List.of("systemd-escape", "--unescape", "--", s), Map.of());
            assertEquals(t.stdout().substring(0, t.stdout().length() - 1), InstanceNames.unescape(s), s);
        }
        ExternalTool t = ExternalTool.run(List.of("systemd-escape", "--unescape", "--path", "--", "var-lib-x\\x2dy"), Map.of());
        assertEquals(t.stdout().strip(), InstanceNames.unescapePath("var-lib-x\\x2dy"));
        assertEquals("/", InstanceNames.unescapePath("-"));
    }

    @Test
    void badInputIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> InstanceNames.unescape("a\\xzz"));
        assertThrows(IllegalArgumentException.class, () -> InstanceNames.unescape("a\\x4"));
        assertThrows(IllegalArgumentException.class, () -> InstanceNames.unescape("a\\y00"));
        assertThrows(IllegalArgumentException.class, () -> InstanceNames.unescape("a\\x00b"), "NUL would cut the name");
        assertThrows(IllegalArgumentException.class, () -> InstanceNames.unescape("\\xff"), "not UTF-8");
        assertThrows(IllegalArgumentException.class, () -> InstanceNames.escapePath("relative/path"));
        assertThrows(IllegalArgumentException.class, () -> InstanceNames.escapePath("/a/../b"));
        assertThrows(IllegalArgumentException.class, () -> InstanceNames.unescapePath("a--b"));
        assertThrows(IllegalArgumentException.class, () -> InstanceNames.unescapePath("-a"));
    }
}
