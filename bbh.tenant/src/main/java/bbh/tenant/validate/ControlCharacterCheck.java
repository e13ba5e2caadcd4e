package bbh.tenant.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Refuses control characters and line breaks in every string value of metadata.json, whatever the
 * field: values end up in generated unit files, .network files and logs, where a newline starts a
 * new setting. JSON already forbids them raw in strings, but allows them escaped ({@code \n},
 * {@code \}{@code u0000}), and allows some raw (U+007F, U+0080..U+009F, U+2028, U+2029).
 *
 * <p>Forbidden: U+0000..U+001F, U+007F, U+0080..U+009F (C1 controls, among them U+0085 NEXT LINE),
 * U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR. Object keys are not checked here: a key
 * holding such a character is never a known field, so the schema refuses it as unknown.
 */
final class ControlCharacterCheck {
    private ControlCharacterCheck() {}

    /** True for a character no string in metadata.json may hold. */
    static boolean forbidden(char c) {
        return c <= 0x1F || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029';
    }

    /** Index of the first forbidden character of {@code s}, or -1. */
    static int firstForbidden(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (forbidden(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** Records one problem per string value holding a forbidden character. */
    static void check(LocatedTree tree, FileProblems problems) {
        walk(tree.root(), FieldPath.ROOT, tree, problems);
    }

    private static void walk(JsonNode n, FieldPath at, LocatedTree tree, FileProblems problems) {
        if (n.isTextual()) {
            String s = n.textValue();
            int i = firstForbidden(s);
            if (i >= 0) {
                problems.at(at, tree.valueAt(at), "expected text without control characters or line breaks; found "
                        + Quoted.codeUnit(s.charAt(i)) + " at character " + (i + 1) + " of " + Quoted.of(s));
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                walk(n.get(i), at.index(i), tree, problems);
            }
        } else if (n.isObject()) {
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                walk(e.getValue(), at.key(e.getKey()), tree, problems);
            }
        }
    }
}
