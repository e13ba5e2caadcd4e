package bbh.api.tenant;

/**
 * One thing wrong with the tenant repository, located as precisely as the input allows.
 *
 * <p>Its text form is {@code path:line:column: tenant <id>: <field>: <what was expected>}; line and
 * column are 1-based and 0 when unknown (then left out), field is a dotted path into metadata.json
 * such as {@code resources.memoryMax} or {@code -} when the problem is the file itself.
 *
 * @param path the file, relative to the repository's top, e.g. {@code tenants/acme/metadata.json}
 * @param line 1-based line, 0 when unknown
 * @param column 1-based column, 0 when unknown
 * @param tenantId the tenant the problem belongs to
 * @param field the field, dotted, or {@code -}
 * @param expected what was expected, or what is wrong, as one sentence without a final period
 */
public record ValidationProblem(String path, int line, int column, String tenantId, String field, String expected) {

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(path);
        if (line > 0) {
            b.append(':').append(line).append(':').append(column);
        }
        return b.append(": tenant ").append(tenantId).append(": ").append(field).append(": ").append(expected)
                .toString();
    }
}
