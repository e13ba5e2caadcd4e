package bbh.tenant.validate;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns the schema validator's messages into problems in bbh's words, placed where the offending
 * value (or the object lacking a key) is.
 *
 * <p>Wording comes from the schema itself where it can: a value failing a {@code pattern} is told
 * the {@code description} of the schema holding the pattern, so each {@code $defs} entry's
 * description is written as what is expected ("a size in bytes ..."). Fields are named as
 * {@link FieldPath#dotted()} says.
 */
final class SchemaErrorText {

    private final JsonNode schema;
    private final LocatedTree tree;

    /**
     * @param schema the schema document the messages come from
     * @param tree the metadata that was validated
     */
    SchemaErrorText(JsonNode schema, LocatedTree tree) {
        this.schema = schema;
        this.tree = tree;
    }

    /** Records {@code m} as a problem. */
    void record(ValidationMessage m, FileProblems problems) {
        FieldPath at = fieldOf(m.getInstanceLocation());
        JsonNode keyword = schemaNode(m, 0);
        JsonNode owner = schemaNode(m, 1);
        JsonNode value = tree.node(at);
        String type = m.getType();
        switch (type) {
            case "required" -> {
                FieldPath missing = at.key(m.getProperty());
                problems.at(missing, tree.valueAt(at), "missing; this field is required");
            }
            case "additionalProperties" -> {
                FieldPath unknown = at.key(m.getProperty());
                problems.at(unknown, tree.keyAt(unknown), unknownField(m.getProperty(), owner.path("properties")));
            }
            case "type" -> problems.at(at, tree.valueAt(at), "expected " + typeWords(keyword) + ", found " + shown(value));
            case "minimum", "maximum" -> problems.at(at, tree.valueAt(at), "expected " + range(owner) + ", found " + shown(value));
            case "minLength", "maxLength" -> problems.at(at, tree.valueAt(at),
                    "expected " + bound(type, keyword, "character") + ", found " + value.asText().length());
            case "minItems", "maxItems" -> problems.at(at, tree.valueAt(at),
                    "expected " + bound(type, keyword, "entry") + ", found " + value.size());
            case "minProperties", "maxProperties" -> problems.at(at, tree.valueAt(at),
                    "expected " + describedOr(owner, bound(type, keyword, "field")) + "; found " + fields(value));
            case "pattern" -> problems.at(at, tree.valueAt(at), "expected " + description(owner, keyword) + "; found " + Quoted.of(value.asText()));
            case "enum" -> problems.at(at, tree.valueAt(at), "expected one of " + joined(keyword) + "; found " + shown(value));
            case "const" -> problems.at(at, tree.valueAt(at), "expected " + keyword + ", found " + shown(value));
            default -> problems.at(at, tree.valueAt(at), Quoted.inline(withoutPath(m.getMessage()), 200));
        }
    }

    /** The instance location as a field path; array indexes come as Integers. */
    static FieldPath fieldOf(JsonNodePath location) {
        FieldPath f = FieldPath.ROOT;
        for (int i = 0; i < location.getNameCount(); i++) {
            Object e = location.getElement(i);
            f = e instanceof Integer n ? f.index(n) : f.key(String.valueOf(e));
        }
        return f;
    }

    /** The schema node of the failing keyword ({@code up} 0) or of the schema holding it (1). */
    private JsonNode schemaNode(ValidationMessage m, int up) {
        JsonPointer p = JsonPointer.compile(m.getSchemaLocation().getFragment().toString());
        for (int i = 0; i < up && p.head() != null; i++) {
            p = p.head();
        }
        return schema.at(p);
    }

    private static String unknownField(String name, JsonNode known) {
        List<String> names = new ArrayList<>();
        known.fieldNames().forEachRemaining(names::add);
        String closest = null;
        int best = Integer.MAX_VALUE;
        for (String k : names) {
            int d = distance(name.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
            if (d < best) {
                best = d;
                closest = k;
            }
        }
        // A suggestion only for a near miss: at most 2 edits, and few for the name's length.
        if (closest != null && best <= 2 && best * 3 <= name.length()) {
            return "unknown field; did you mean \"" + closest + "\"?";
        }
        return names.isEmpty() ? "unknown field; this object has no fields" : "unknown field; expected one of " + String.join(", ", names);
    }

    /** Levenshtein distance, for suggesting the field a typo meant; names are short. */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int change = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + change);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static String typeWords(JsonNode type) {
        if (type.isArray()) {
            List<String> words = new ArrayList<>();
            type.forEach(t -> words.add(typeWord(t.asText())));
            return String.join(" or ", words);
        }
        return typeWord(type.asText());
    }

    private static String typeWord(String type) {
        return switch (type) {
            case "integer" -> "an integer";
            case "number" -> "a number";
            case "string" -> "a string";
            case "boolean" -> "true or false";
            case "object" -> "an object";
            case "array" -> "an array";
            case "null" -> "null";
            default -> type;
        };
    }

    private static String range(JsonNode owner) {
        String what = "integer".equals(owner.path("type").asText()) ? "an integer" : "a number";
        JsonNode min = owner.get("minimum");
        JsonNode max = owner.get("maximum");
        if (min != null && max != null) {
            return what + " from " + min.asText() + " to " + max.asText();
        }
        return min != null ? what + " of at least " + min.asText() : what + " of at most " + max.asText();
    }

    private static String bound(String keyword, JsonNode limit, String unit) {
        int n = limit.asInt();
        String units = n == 1 ? unit : unit.equals("entry") ? "entries" : unit + "s";
        return (keyword.startsWith("min") ? "at least " : "at most ") + n + " " + units;
    }

    private static String description(JsonNode owner, JsonNode pattern) {
        JsonNode d = owner.get("description");
        return d != null && d.isTextual() ? d.asText() : "a string matching " + pattern.asText();
    }

    /** The schema's description of what it expects, else {@code otherwise}. */
    private static String describedOr(JsonNode owner, String otherwise) {
        JsonNode d = owner.get("description");
        return d != null && d.isTextual() ? d.asText() : otherwise;
    }

    /** An object's field names, as the problem shows what was found. */
    private static String fields(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names.isEmpty() ? "no fields" : (names.size() == 1 ? "only " : "") + String.join(", ", names);
    }

    private static String joined(JsonNode values) {
        List<String> s = new ArrayList<>();
        values.forEach(v -> s.add(v.asText()));
        return String.join(", ", s);
    }

    /** A value as problems show it: strings quoted and escaped, numbers as written, else its kind. */
    static String shown(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "nothing";
        } else if (v.isTextual()) {
            return "the string " + Quoted.of(v.asText());
        } else if (v.isNumber()) {
            return v.isIntegralNumber() ? v.asText() : v.decimalValue().toPlainString();
        } else if (v.isBoolean() || v.isNull()) {
            return v.asText();
        }
        return v.isArray() ? "an array" : "an object";
    }

    /** networknt prefixes its messages with the instance location; problems say the field apart. */
    private static String withoutPath(String message) {
        int colon = message.indexOf(": ");
        return colon >= 0 ? message.substring(colon + 2) : message;
    }
}
