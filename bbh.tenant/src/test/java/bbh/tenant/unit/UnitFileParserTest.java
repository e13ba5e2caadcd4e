package bbh.tenant.unit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The parser reads systemd's INI dialect as systemd.syntax(7) says, and names file and line of what it refuses. */
class UnitFileParserTest {

    private static UnitFile parse(String text) throws UnitSyntaxException {
        return UnitFileParser.parse("x.service", text);
    }

    private static UnitSyntaxException refused(String text) {
        return assertThrows(UnitSyntaxException.class, () -> parse(text));
    }

    @Test
    void sectionsKeysInOrderAndRepeatedKeysKept() throws Exception {
        UnitFile f = parse("[Unit]\nDescription=x\n\n[Service]\nExecStartPre=/bin/a\nType=oneshot\nExecStartPre=/bin/b\n[Unit]\nAfter=y.target\n");
        assertEquals(List.of("Unit", "Service", "Unit"), f.sections().stream().map(UnitSection::name).toList());
        assertEquals(List.of("/bin/a", "/bin/b"), f.values("Service", "ExecStartPre"));
        assertEquals(List.of("x"), f.values("Unit", "Description"));
        assertEquals(List.of("y.target"), f.values("Unit", "After"), "a repeated section adds to the first");
    }

    @Test
    void whitespaceAroundLinesKeysAndValuesIsStripped() throws Exception {
        UnitFile f = parse("  [Service]  \n\t Key  =  a  value with  spaces \t\nEmpty=\n");
        assertEquals(List.of("a  value with  spaces"), f.values("Service", "Key"));
        assertEquals(List.of(""), f.values("Service", "Empty"));
        assertEquals("[Service]\nKey=a  value with  spaces\nEmpty=\n", f.text());
    }

    @Test
    void commentsWithHashOrSemicolonAreKept() throws Exception {
        UnitFile f = parse("# head\n; also head\n\n[Unit]\n  # inside\nA=1 # not a comment\n");
        assertEquals(List.of(new UnitLine.Comment("# head"), new UnitLine.Comment("; also head")), f.preamble());
        assertEquals(new UnitLine.Comment("# inside"), f.sections().get(0).lines().get(0));
        assertEquals(List.of("1 # not a comment"), f.values("Unit", "A"));
    }

    @Test
    void aFinalOddBackslashContinuesTheLineWithASpace() throws Exception {
        UnitFile f = parse("[Service]\nExecStart=/bin/echo a \\\n  b\\\nc\nX=even \\\\\nY=1\n");
        assertEquals(List.of("/bin/echo a    b c"), f.values("Service", "ExecStart"));
        assertEquals(List.of("even \\\\"), f.values("Service", "X"), "two backslashes are an escaped one, no continuation");
        assertEquals(List.of("1"), f.values("Service", "Y"));
    }

    @Test
    void commentsInsideAContinuedLineAreSkippedAndNeverContinue() throws Exception {
        // systemd.syntax(7)'s own example, and a comment ending in a backslash, which systemd does not continue.
        UnitFile f = parse("[Section C]\nKeyThree=value 3\\\n# this line is ignored\n; this line is ignored too\n       value 3 continued\n"
                + "# comment \\\nKeyFour=4\n");
        assertEquals(List.of("value 3        value 3 continued"), f.values("Section C", "KeyThree"));
        assertEquals(List.of("4"), f.values("Section C", "KeyFour"));
        assertEquals(List.of(new UnitLine.Comment("# this line is ignored"), new UnitLine.Comment("; this line is ignored too")),
                f.sections().get(0).lines().subList(0, 2), "kept, before the setting they were inside");
    }

    @Test
    void anEmptyLineOrTheEndOfTheFileEndsAContinuation() throws Exception {
        UnitFile f = parse("[S]\nA=x \\\n\nB=y \\");
        assertEquals(List.of("x"), f.values("S", "A"));
        assertEquals(List.of("y"), f.values("S", "B"));
    }

    @Test
    void crlfLineEndsAndAByteOrderMarkAreRead() throws Exception {
        UnitFile f = parse("\uFEFF[Unit]\r\nDescription=x\r\n");
        assertEquals(List.of("x"), f.values("Unit", "Description"));
    }

    @Test
    void blankLinesBeforeSectionsAndAtTheEndAreTheCanonicalSeparator() throws Exception {
        UnitFile f = parse("# c\n\n\n[A]\nK=1\n\nL=2\n\n\n\n[B]\n\n");
        assertEquals("# c\n\n[A]\nK=1\n\nL=2\n\n[B]\n", f.text());
    }

    @Test
    void aSettingBeforeAnySectionIsRefusedWithItsLine() {
        UnitSyntaxException e = refused("# c\nDescription=x\n");
        assertEquals("x.service:2: setting outside of any section; expected a section header such as [Unit] first", e.getMessage());
        assertEquals(2, e.line());
    }

    @Test
    void aLineWithoutEqualsIsRefused() {
        assertEquals("x.service:3: expected Key=value or a section header; found 'ExecStart /bin/true'",
                refused("[Service]\nType=simple\nExecStart /bin/true\n").getMessage());
    }

    @Test
    void malformedHeadersAndKeysAreRefused() {
        assertEquals("x.service:1: expected a section header such as [Unit]; found '[Unit'", refused("[Unit\n").getMessage());
        assertTrue(refused("[]\n").getMessage().startsWith("x.service:1: not a section name"));
        assertTrue(refused("[Unit]\n=x\n").getMessage().startsWith("x.service:2: not a setting name: ''"));
        assertTrue(refused("[Unit]\nA B=x\n").getMessage().startsWith("x.service:2: not a setting name: 'A B'"));
    }

    @Test
    void aContinuedLineIsReportedAtItsFirstLine() {
        assertEquals("x.service:2: expected Key=value or a section header; found 'a    b'",
                refused("[S]\na \\\n  b\n").getMessage());
    }

    @Test
    void controlCharactersThatSystemdReadsAsLineEndsAreRefused() {
        // systemd ends a line at a lone \r and at NUL: the file would hold a setting this model does not show.
        assertEquals("x.service:2: control character U+000D at column 17; expected printable text (systemd may read it as a line end)",
                refused("[Service]\nExecStart=/bin/a\rExecStartPre=/bin/evil\n").getMessage());
        assertTrue(refused("[Service]\nA=x\u0000y\n").getMessage().startsWith("x.service:2: control character U+0000"));
        assertTrue(refused("[Service]\nA=x\u0085y\n").getMessage().startsWith("x.service:2: control character U+0085"));
        assertTrue(refused("[Service]\nA=x\u2028y\n").getMessage().startsWith("x.service:2: control character U+2028"));
    }

    @Test
    void aTabInsideAValueIsRead() throws Exception {
        assertEquals(List.of("a\tb"), parse("[S]\nA=a\tb\n").values("S", "A"));
    }
}
