package bbh.tenant.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;

/**
 * Where a value sits inside metadata.json, spelled two ways:
 *
 * <ul>
 *   <li>as a JSON pointer (RFC 6901, {@code /network/dns/1}), which keys the positions recorded while
 *       parsing and is how the schema validator reports instance locations;
 *   <li>as the field name shown in problems: keys joined with {@code .}, array indexes in brackets,
 *       e.g. {@code resources.memoryMax}, {@code network.dns[1]}, {@code extensions[0].name}. A key
 *       that is not a plain identifier is shown as a quoted, escaped string in brackets, e.g.
 *       {@code resources["memory max"]}, so a hostile key cannot break the one-line problem format.
 *       The file as a whole is {@code -}.
 * </ul>
 */
final class FieldPath {

    /** The document's top-level value. */
    static final FieldPath ROOT = new FieldPath(null, null, -1);

    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final FieldPath parent;
    private final String key;
    private final int index;
    private String pointer;

    private FieldPath(FieldPath parent, String key, int index) {
        this.parent = parent;
        this.key = key;
        this.index = index;
    }

    /** The member {@code key} of the object at this path. */
    FieldPath key(String key) {
        return new FieldPath(this, key, -1);
    }

    /** The element {@code index} of the array at this path. */
    FieldPath index(int index) {
        return new FieldPath(this, null, index);
    }

    /** The enclosing value's path; null for {@link #ROOT}. */
    FieldPath parent() {
        return parent;
    }

    /** The last member name, null when this is the root or an array element. */
    String lastKey() {
        return key;
    }

    boolean isRoot() {
        return parent == null;
    }

    /** The value at this path below {@code root}: a missing node when there is none. */
    JsonNode in(JsonNode root) {
        if (isRoot()) {
            return root;
        }
        JsonNode p = parent.in(root);
        return key == null ? p.path(index) : p.path(key);
    }

    /** The JSON pointer, {@code ""} for the root. */
    String pointer() {
        String p = pointer;
        if (p == null) {
            p = isRoot() ? "" : parent.pointer() + "/" + (key == null ? Integer.toString(index) : escape(key));
            pointer = p; // a benign race: every thread computes the same string
        }
        return p;
    }

    /** The field name shown in problems; {@code -} for the root. */
    String dotted() {
        if (isRoot()) {
            return "-";
        }
        StringBuilder b = new StringBuilder();
        appendDotted(b);
        return b.toString();
    }

    private void appendDotted(StringBuilder b) {
        if (isRoot()) {
            return;
        }
        parent.appendDotted(b);
        if (key == null) {
            b.append('[').append(index).append(']');
        } else if (PLAIN_KEY.matcher(key).matches()) {
            if (!parent.isRoot()) {
                b.append('.');
            }
            b.append(key);
        } else {
            b.append('[').append(Quoted.of(key)).append(']');
        }
    }

    private static String escape(String key) {
        return key.indexOf('~') < 0 && key.indexOf('/') < 0 ? key : key.replace("~", "~0").replace("/", "~1");
    }

    @Override
    public String toString() {
        return dotted();
    }
}
