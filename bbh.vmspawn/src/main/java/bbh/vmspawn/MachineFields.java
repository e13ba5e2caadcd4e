package bbh.vmspawn;

import bbh.api.stage.StageException;
import bbh.api.tenant.TenantSpec;
import java.util.function.Supplier;

/**
 * Turns a metadata field into a rendered value, and a refusal (an IllegalArgumentException of an
 * escaper or of this bundle's checks) into a {@link StageException} naming the tenant's metadata
 * file and the field, so a tenant whose setting cannot be written fails at vm-started with a reason
 * an operator can act on. Validation lets no such value through; this is the last line of defence.
 */
final class MachineFields {
    private MachineFields() {}

    /** The tenant's metadata file in the repository. */
    static String source(TenantSpec spec) {
        return spec.sourcePath() != null ? spec.sourcePath() : "tenants/" + spec.id() + "/metadata.json";
    }

    /** {@code render}'s result for {@code field} of {@code spec}. */
    static <T> T value(TenantSpec spec, String field, Supplier<T> render) throws StageException {
        try {
            return render.get();
        } catch (IllegalArgumentException e) {
            throw new StageException(source(spec) + ": " + field + ": " + e.getMessage(), e);
        }
    }
}
