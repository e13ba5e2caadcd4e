package bbh.tenant.validate;

/**
 * A place in metadata.json: 1-based line and column, the column counted in characters (UTF-16
 * code units) of the decoded text, a leading byte order mark not counted.
 *
 * @param line 1-based, 0 when unknown
 * @param column 1-based, 0 when unknown
 */
record Position(int line, int column) {

    /** No place: the problem is about the file as a whole. */
    static final Position NONE = new Position(0, 0);
}
