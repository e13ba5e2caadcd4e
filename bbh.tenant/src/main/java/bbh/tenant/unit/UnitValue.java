package bbh.tenant.unit;

/**
 * A setting's value as it stands after the {@code =} of a unit file line: escaped for the kind of
 * value it is. Only {@link UnitValues} (bbh's escapers) and {@link UnitFileParser} (values read from
 * a file) make them, and both guarantee that the value stays on its line: no control characters (a
 * tab only in values read from a file), no whitespace at either end, no final backslash.
 */
public final class UnitValue {

    /** The empty value: resets a list setting such as {@code ExecStart=} in a drop-in. */
    public static final UnitValue EMPTY = new UnitValue("");

    private final String text;

    private UnitValue(String text) {
        this.text = text;
    }

    /** A value already escaped by the caller; refused when it could leave its line. */
    static UnitValue escaped(String text) {
        return new UnitValue(LineRules.requireOneLine("a value", text, false));
    }

    /** A value read from a file, where a tab inside is legitimate. */
    static UnitValue read(String text) {
        return new UnitValue(LineRules.requireOneLine("a value", text, true));
    }

    /** The value exactly as written after {@code =}. */
    public String text() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnitValue v && v.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
