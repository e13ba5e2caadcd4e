package bbh.tenant.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A parsed metadata.json with the position of every value and every object key, keyed by JSON
 * pointer (Jackson's tree keeps no positions).
 *
 * @param root the top-level object
 * @param values where each value starts, by the value's pointer
 * @param keys where each object member's key starts, by the member's pointer
 */
record LocatedTree(JsonNode root, Map<String, Position> values, Map<String, Position> keys) {

    /** Where the value at {@code field} starts; {@link Position#NONE} when there is none. */
    Position valueAt(FieldPath field) {
        return values.getOrDefault(field.pointer(), Position.NONE);
    }

    /** Where the key of the member at {@code field} starts; its value's position when unknown. */
    Position keyAt(FieldPath field) {
        Position p = keys.get(field.pointer());
        return p != null ? p : valueAt(field);
    }

    /** The value at {@code field}: a missing node when there is none. */
    JsonNode node(FieldPath field) {
        return field.in(root);
    }
}
