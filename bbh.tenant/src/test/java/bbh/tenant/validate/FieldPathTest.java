package bbh.tenant.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The two spellings of a place in metadata.json. */
class FieldPathTest {

    @Test
    void dottedNamesAsProblemsShowThem() {
        assertEquals("-", FieldPath.ROOT.dotted());
        assertEquals("id", FieldPath.ROOT.key("id").dotted());
        assertEquals("resources.memoryMax", FieldPath.ROOT.key("resources").key("memoryMax").dotted());
        assertEquals("network.dns[1]", FieldPath.ROOT.key("network").key("dns").index(1).dotted());
        assertEquals("extensions[0].name", FieldPath.ROOT.key("extensions").index(0).key("name").dotted());
        assertEquals("resources[\"memory max\"]", FieldPath.ROOT.key("resources").key("memory max").dotted());
        assertEquals("[\"a\\u000Ab\"].c", FieldPath.ROOT.key("a\nb").key("c").dotted());
        assertEquals("[\"\"]", FieldPath.ROOT.key("").dotted());
    }

    @Test
    void pointersFollowRfc6901() {
        assertEquals("", FieldPath.ROOT.pointer());
        assertEquals("/network/dns/1", FieldPath.ROOT.key("network").key("dns").index(1).pointer());
        assertEquals("/a~1b/c~0d", FieldPath.ROOT.key("a/b").key("c~d").pointer());
    }
}
