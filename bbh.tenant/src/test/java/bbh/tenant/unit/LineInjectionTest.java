package bbh.tenant.unit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * No value can start a new line, section or setting, whichever public way it takes into a unit file:
 * each payload below, through each way, is either refused with an IllegalArgumentException or written
 * so that the file still holds exactly the one setting (or comment) it was given, and no
 * {@code [Service]} section or {@code ExecStart=} of its own.
 */
class LineInjectionTest {

    /** Line ends as systemd sees them (\n, lone \r, NUL), the ones editors see, and a continuation. */
    static final List<String> PAYLOADS = List.of(
            "x\n[Service]\nExecStart=/bin/evil",
            "x\r[Service]\rExecStart=/bin/evil",
            "x\r\nExecStart=/bin/evil",
            "x\u0000ExecStart=/bin/evil",
            "x\u0085ExecStart=/bin/evil",
            "x\u2028ExecStart=/bin/evil",
            "x\u000bExecStart=/bin/evil",
            "x\\\nExecStart=/bin/evil",
            "x \\",
            "x\\");

    /** Every way a value enters a file, each making a one-setting file in section [Unit]. */
    private static final List<Function<String, UnitFile>> WAYS = List.of(
            p -> one("Description", UnitValues.text(p)),
            p -> one("Type", UnitValues.word(p)),
            p -> one("After", UnitValues.unitName(p + ".service")),
            p -> one("WorkingDirectory", UnitValues.path("/" + p)),
            p -> one("ReadWritePaths", UnitValues.paths(List.of("/" + p))),
            p -> one("Environment", UnitValues.environment("A", p)),
            p -> one("Environment", UnitValues.environment(p, "a")),
            p -> one("ExecStart", UnitValues.command("/bin/echo", p)),
            p -> one("ExecStart", UnitValues.command("/bin/" + p)),
            p -> one("MemoryMax", UnitValues.size(p)),
            p -> one("CPUQuota", UnitValues.percentage(p)),
            p -> one(p, UnitValues.word("x")),
            p -> UnitFile.builder("f").section(p).set("A", UnitValues.word("x")).build(),
            p -> UnitFile.builder("f").section("Unit").line(new UnitLine.Comment("# " + p)).build(),
            p -> UnitFile.builder("f").section("Unit").comment(p).build(),
            p -> UnitFile.builder("f").line(GeneratedHeader.of(p, "c")).section("Unit").build(),
            p -> UnitFile.builder("f").line(GeneratedHeader.of("tenants/a/metadata.json", p)).section("Unit").build(),
            p -> UnitFile.builder("f").line(GeneratedHeader.host(p)).section("Unit").build());

    private static UnitFile one(String key, UnitValue value) {
        return UnitFile.builder("f").section("Unit").set(key, value).build();
    }

    @Test
    void noPayloadAddsALineThroughAnyWay() throws Exception {
        List<String> written = new ArrayList<>();
        for (int w = 0; w < WAYS.size(); w++) {
            for (String p : PAYLOADS) {
                UnitFile f;
                try {
                    f = WAYS.get(w).apply(p);
                } catch (IllegalArgumentException refused) {
                    continue;
                }
                String text = f.text();
                written.add(text);
                String where = "way " + w + ", payload " + p.replace("\n", "\\n").replace("\r", "\\r") + ":\n" + text;
                assertEquals(-1, LineRules.firstForbidden(text.replace("\n", ""), false), where);
                UnitFile back = UnitFileParser.parse("f", text);
                assertEquals(f, back, where);
                assertEquals(1, back.sections().size(), where);
                int settings = 0;
                for (UnitLine l : back.sections().get(0).lines()) {
                    settings += l instanceof UnitLine.Directive ? 1 : 0;
                }
                assertTrue(settings <= 1, where);
                assertTrue(!text.contains("\nExecStart=/bin/evil") && !text.contains("\n[Service]"), where);
            }
        }
        assertTrue(written.size() >= 10, "some ways encode rather than refuse: " + written.size());
    }

    @Test
    void aCommandLineCarriesTheLineBreakAsAnArgumentNotAsALine() throws Exception {
        String p = PAYLOADS.get(0);
        UnitFile f = one("ExecStart", UnitValues.command("/bin/echo", p));
        assertEquals(List.of("/bin/echo", p), SystemdWords.argv(f.values("Unit", "ExecStart").get(0)));
        assertEquals(2, f.text().split("\n").length);
    }

    @Test
    void theParserRefusesWhatSystemdWouldReadAsALineEnd() {
        for (String p : List.of(PAYLOADS.get(1), PAYLOADS.get(3))) {
            try {
                UnitFileParser.parse("f", "[Unit]\nDescription=" + p + "\n");
                fail("accepted " + p);
            } catch (UnitSyntaxException expected) {
                assertEquals(2, expected.line());
            }
        }
    }

    @Test
    void renderedTreePathsHoldNoControlCharacters() {
        for (String p : PAYLOADS) {
            if (p.chars().anyMatch(c -> LineRules.forbidden(c))) {
                org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new RenderedTree().file(p, "x"));
            }
        }
        new RenderedTree().file("tenant-a\\x2db.slice", "x"); // an escaped unit name is a fine path
    }
}
