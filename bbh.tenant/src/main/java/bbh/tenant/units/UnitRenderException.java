package bbh.tenant.units;

/**
 * A tenant's units cannot be rendered from its spec. The message is
 * {@code <metadata file>: <field>: <what was expected>}; other tenants are not concerned.
 */
public class UnitRenderException extends Exception {
    private static final long serialVersionUID = 1L;

    public UnitRenderException(String message, Throwable cause) {
        super(message, cause);
    }
}
