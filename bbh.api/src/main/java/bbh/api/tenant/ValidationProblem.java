package bbh.api.tenant;

/**
 * One thing wrong with the tenant repository, located as precisely as the input allows.
 *
 * <p>Its text form is {@code path:line:column: tenant <id>: <field>: <what was expected>}; line and
 * column are 1-based and 0 when unknown (then left out), field is a dotted path into metadata.json
 * such as {@code resources.memoryMax} or {@code -} when the problem is the file itself.
 *
 * <p>A problem of the repository's operator-wide part (a {@link RepositoryRule}'s, since 1.5) has
 * no tenant: {@code tenantId} is null, and the text form reads
 * {@code path:line:column: operator-wide: <field>: <what was expected>}, where field names what the
 * file belongs to, e.g. {@code sysext debug-tools}.
 *
 * @param path the file, relative to the repository's top, e.g. {@code tenants/acme/metadata.json}
 * @param line 1-based line, 0 when unknown
 * @param column 1-based column, 0 when unknown
 * @param tenantId the tenant the problem belongs to; null for an operator-wide problem
 * @param field the field, dotted, or {@code -}
 * @param expected what was expected, or what is wrong, as one sentence without a final period
 */
public record ValidationProblem(String path, int line, int column, String tenantId, String field, String expected) {

    /** The text form's word for a problem without a tenant. */
    public static final String OPERATOR_WIDE = "operator-wide";

    /**
     * A problem of the repository's operator-wide part, which belongs to no tenant.
     *
     * @since 1.5
     */
    public static ValidationProblem operatorWide(String path, int line, int column, String field, String expected) {
        return new ValidationProblem(path, line, column, null, field, expected);
    }

    /**
     * True when the problem belongs to no tenant (a {@link RepositoryRule}'s).
     *
     * @since 1.5
     */
    public boolean operatorWide() {
        return tenantId == null;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(path);
        if (line > 0) {
            b.append(':').append(line).append(':').append(column);
        }
        b.append(": ");
        if (tenantId == null) {
            b.append(OPERATOR_WIDE);
        } else {
            b.append("tenant ").append(tenantId);
        }
        return b.append(": ").append(field).append(": ").append(expected).toString();
    }
}
