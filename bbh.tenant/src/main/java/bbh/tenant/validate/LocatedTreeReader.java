package bbh.tenant.validate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Builds a {@link LocatedTree} from the text of metadata.json in one pass over Jackson's token
 * stream, and refuses what a tenant file must not be: empty, not an object, more than one value,
 * nested deeper than {@value #MAX_DEPTH} levels, or holding a key twice.
 *
 * <p>Duplicate keys are found here rather than with Jackson's STRICT_DUPLICATE_DETECTION, which
 * stops at the first one: this way every duplicate is reported, with where the first one is, and
 * the rest of the file is still checked. The first occurrence is the one kept.
 *
 * <p>Limits (Jackson StreamReadConstraints): nesting {@value #MAX_DEPTH} levels of objects and
 * arrays (the format needs 3), numbers of at most {@value #MAX_NUMBER_LENGTH} digits, keys of at most
 * {@value #MAX_NAME_LENGTH} characters. The file size is bounded before parsing (1 MiB).
 *
 * <p>Thread-safe: the factory is shared, each call has its own parser.
 */
final class LocatedTreeReader {

    /** The deepest nesting of objects and arrays accepted, the top-level object counting as 1. */
    static final int MAX_DEPTH = 16;
    static final int MAX_NUMBER_LENGTH = 64;
    static final int MAX_NAME_LENGTH = 256;

    private static final Pattern JACKSON_SOURCE = Pattern.compile("\\[Source: [^\\]]*; line: (\\d+), column: (\\d+)\\]");
    private static final Pattern JACKSON_FEATURE_HINT = Pattern.compile(
            ": enable `JsonReadFeature\\.\\w+` to allow| \\(not recognized as one since Feature '\\w+' not enabled for parser\\)");

    private final JsonFactory factory = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxNumberLength(MAX_NUMBER_LENGTH)
                    .maxNameLength(MAX_NAME_LENGTH)
                    .build())
            // Problems carry their own positions; the parser need not copy the input into messages.
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    /** The tree, or null after recording why the text is not one JSON object. */
    LocatedTree read(String text, FileProblems problems) {
        Reading r = new Reading(problems);
        try (JsonParser p = factory.createParser(text)) {
            r.parser = p;
            JsonToken first = p.nextToken();
            if (first == null) {
                problems.file("the file holds no JSON value; a JSON object was expected");
                return null;
            }
            if (first != JsonToken.START_OBJECT) {
                problems.at(FieldPath.ROOT, start(p), "a JSON object was expected at the top level, found " + kind(first));
                return null;
            }
            JsonNode root = r.value(FieldPath.ROOT);
            if (!endsHere(p, problems)) {
                return null;
            }
            return new LocatedTree(root, r.values, r.keys);
        } catch (StreamConstraintsException e) {
            String what = limitExceeded(r.parser, e);
            // Jackson gives no location here; the token being read when a limit is hit is the culprit.
            problems.at(FieldPath.ROOT, r.parser == null ? Position.NONE : start(r.parser), what);
            return null;
        } catch (JsonProcessingException e) {
            problems.at(FieldPath.ROOT, r.errorPosition(e), "not valid JSON: " + message(e));
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("reading from a string failed", e);
        }
    }

    /**
     * Which limit {@code e} reports, said plainly. Jackson's exception has no kind, so number and key
     * lengths are told apart by its message; an unknown one is passed on as Jackson words it.
     */
    private static String limitExceeded(JsonParser p, StreamConstraintsException e) {
        String m = String.valueOf(e.getOriginalMessage());
        if (p != null && p.getParsingContext().getNestingDepth() >= MAX_DEPTH) {
            return "objects and arrays nested deeper than " + MAX_DEPTH + " levels; at most " + MAX_DEPTH + " were expected";
        } else if (m.startsWith("Number value length")) {
            return "a number longer than " + MAX_NUMBER_LENGTH + " characters; at most " + MAX_NUMBER_LENGTH + " were expected";
        } else if (m.startsWith("Name length")) {
            return "a key longer than " + MAX_NAME_LENGTH + " characters; at most " + MAX_NAME_LENGTH + " were expected";
        }
        return "a limit of the JSON reader was exceeded: " + message(e);
    }

    /** True when nothing but white space follows the top-level value. */
    private static boolean endsHere(JsonParser p, FileProblems problems) throws IOException {
        Position at;
        try {
            if (p.nextToken() == null) {
                return true;
            }
            at = start(p);
        } catch (JsonProcessingException e) {
            at = position(e.getLocation());
        }
        problems.at(FieldPath.ROOT, at, "trailing content after the JSON object; the file must hold exactly one JSON object");
        return false;
    }

    /** The state of one parse: positions found so far and how deep the parser is. */
    private static final class Reading {
        final FileProblems problems;
        // Sized for a full tenant file (about 40 values) to spare rehashing.
        final Map<String, Position> values = new HashMap<>(64);
        final Map<String, Position> keys = new HashMap<>(64);
        final JsonNodeFactory nodes = JsonNodeFactory.instance;
        JsonParser parser;

        Reading(FileProblems problems) {
            this.problems = problems;
        }

        /** Reads the value whose first token is the current one. */
        JsonNode value(FieldPath path) throws IOException {
            JsonParser p = parser;
            values.put(path.pointer(), start(p));
            switch (p.currentToken()) {
                case START_OBJECT:
                    return object(path);
                case START_ARRAY:
                    return array(path);
                case VALUE_STRING:
                    return nodes.textNode(p.getText());
                case VALUE_NUMBER_INT:
                    return switch (p.getNumberType()) {
                        case INT -> nodes.numberNode(p.getIntValue());
                        case LONG -> nodes.numberNode(p.getLongValue());
                        default -> nodes.numberNode(p.getBigIntegerValue());
                    };
                case VALUE_NUMBER_FLOAT:
                    // Exact decimal: 1e2 and 100.0 stay comparable with schema bounds without rounding.
                    return nodes.numberNode(p.getDecimalValue());
                case VALUE_TRUE:
                    return nodes.booleanNode(true);
                case VALUE_FALSE:
                    return nodes.booleanNode(false);
                case VALUE_NULL:
                    return nodes.nullNode();
                default:
                    throw new IllegalStateException("unexpected token " + p.currentToken());
            }
        }

        private ObjectNode object(FieldPath path) throws IOException {
            ObjectNode o = nodes.objectNode();
            JsonToken t;
            while ((t = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                FieldPath member = path.key(name);
                Position keyAt = start(parser);
                parser.nextToken();
                if (o.has(name)) {
                    Position first = keys.get(member.pointer());
                    problems.at(member, keyAt, "duplicate key " + Quoted.of(name) + ", first at line " + first.line()
                            + ", column " + first.column() + "; each key may appear once");
                    parser.skipChildren();
                } else {
                    keys.put(member.pointer(), keyAt);
                    o.set(name, value(member));
                }
            }
            assert t == JsonToken.END_OBJECT;
            return o;
        }

        private ArrayNode array(FieldPath path) throws IOException {
            ArrayNode a = nodes.arrayNode();
            int i = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                a.add(value(path.index(i++)));
            }
            return a;
        }

        /** Where a parse error is: the exception's location, else the parser's. */
        Position errorPosition(JsonProcessingException e) {
            Position at = position(e.getLocation());
            return at.line() > 0 || parser == null ? at : position(parser.currentLocation());
        }
    }

    private static Position start(JsonParser p) {
        return position(p.currentTokenLocation());
    }

    private static Position position(JsonLocation l) {
        return l == null || l.getLineNr() < 1 ? Position.NONE : new Position(l.getLineNr(), Math.max(1, l.getColumnNr()));
    }

    /** Jackson's message as one line of printable text, starting in lower case like ours. */
    private static String message(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        if (m == null || m.isBlank()) {
            return "unreadable input";
        }
        int nl = m.indexOf('\n');
        m = nl < 0 ? m : m.substring(0, nl);
        // Jackson's hints name its own settings and source descriptions; operators need neither.
        m = JACKSON_SOURCE.matcher(m).replaceAll("line $1, column $2");
        m = JACKSON_FEATURE_HINT.matcher(m).replaceAll("");
        if (m.length() > 1 && Character.isUpperCase(m.charAt(0)) && Character.isLowerCase(m.charAt(1))) {
            m = Character.toLowerCase(m.charAt(0)) + m.substring(1);
        }
        return Quoted.inline(m.strip(), 200);
    }

    private static String kind(JsonToken t) {
        return switch (t) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.asString() == null ? t.name() : t.asString();
        };
    }
}
