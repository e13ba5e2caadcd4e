package bbh.tenant.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import bbh.api.tenant.ValidationProblem;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Positions recorded while parsing, and what the reader refuses. */
class LocatedTreeReaderTest {

    private final LocatedTreeReader reader = new LocatedTreeReader();

    private static FileProblems problems() {
        return new FileProblems("tenants/t/metadata.json", "t");
    }

    @Test
    void recordsWhereEveryValueAndKeyStarts() {
        String text = "{\n  \"a\": 1,\n  \"list\": [ \"x\",\n    { \"k/~\": true } ]\n}";
        LocatedTree tree = reader.read(text, problems());
        assertNotNull(tree);
        FieldPath list = FieldPath.ROOT.key("list");
        assertEquals(new Position(1, 1), tree.valueAt(FieldPath.ROOT));
        assertEquals(new Position(2, 8), tree.valueAt(FieldPath.ROOT.key("a")));
        assertEquals(new Position(2, 3), tree.keyAt(FieldPath.ROOT.key("a")));
        assertEquals(new Position(3, 11), tree.valueAt(list));
        assertEquals(new Position(3, 13), tree.valueAt(list.index(0)));
        assertEquals(new Position(4, 5), tree.valueAt(list.index(1)));
        assertEquals(new Position(4, 14), tree.valueAt(list.index(1).key("k/~")));
        assertEquals("/list/1/k~1~0", list.index(1).key("k/~").pointer());
        assertEquals(Position.NONE, tree.valueAt(FieldPath.ROOT.key("absent")));
        assertEquals(true, tree.node(list.index(1).key("k/~")).booleanValue());
    }

    @Test
    void columnsCountCharactersNotBytes() {
        String text = "{ \"d\": \"\u00e9\u00e9\u00e9\", \"n\": 1 }";
        LocatedTree tree = reader.read(text, problems());
        assertEquals(new Position(1, 20), tree.valueAt(FieldPath.ROOT.key("n")));
    }

    @Test
    void reportsEveryDuplicateAndKeepsTheFirst() {
        FileProblems p = problems();
        LocatedTree tree = reader.read("{\"a\":1,\"a\":2,\n\"a\":{\"deep\":[1]}}", p);
        assertNotNull(tree);
        assertEquals(1, tree.root().get("a").intValue());
        List<ValidationProblem> found = p.sorted();
        assertEquals(2, found.size());
        assertEquals("tenants/t/metadata.json:1:8: tenant t: a: duplicate key \"a\", first at line 1, column 2; each key may appear once",
                found.get(0).toString());
        assertEquals(2, found.get(1).line());
    }

    @Test
    void sixteenLevelsParseSeventeenDoNot() {
        String sixteen = "{\"x\":" + "[".repeat(15) + "]".repeat(15) + "}";
        assertNotNull(reader.read(sixteen, problems()));
        FileProblems p = problems();
        assertNull(reader.read("{\"x\":" + "[".repeat(16) + "]".repeat(16) + "}", p));
        assertEquals(1, p.sorted().size());
        assertEquals(21, p.sorted().get(0).column());
    }

    @Test
    void numbersKeepTheirExactValue() {
        LocatedTree tree = reader.read("{\"i\": 7, \"l\": 12345678901, \"b\": 123456789012345678901234, \"d\": 1e2}", problems());
        assertEquals(7, tree.root().get("i").intValue());
        assertEquals(12345678901L, tree.root().get("l").longValue());
        assertEquals("123456789012345678901234", tree.root().get("b").bigIntegerValue().toString());
        assertEquals(100, tree.root().get("d").intValue());
        assertEquals(true, tree.root().get("d").canConvertToExactIntegral());
    }

    @Test
    void utf8DecodingPointsAtTheBadByte() {
        FileProblems p = problems();
        byte[] bytes = "{\n \"a\": \"\u00e9x".getBytes(StandardCharsets.UTF_8);
        byte[] bad = java.util.Arrays.copyOf(bytes, bytes.length + 1);
        bad[bad.length - 1] = (byte) 0xC3; // a lead byte with nothing after it
        assertNull(Utf8Text.decode(bad, p));
        assertEquals(new Position(2, 10), new Position(p.sorted().get(0).line(), p.sorted().get(0).column()));
        assertEquals("{}", Utf8Text.decode(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'}, problems()));
        // A replacement character written in the file is text like any other, not a decoding error.
        FileProblems none = problems();
        assertEquals("{\"a\":\"\uFFFD\"}", Utf8Text.decode("{\"a\":\"\uFFFD\"}".getBytes(StandardCharsets.UTF_8), none));
        assertEquals(List.of(), none.sorted());
    }
}
