package bbh.tenant.units;

import bbh.api.tenant.TenantSpec;
import bbh.tenant.unit.UnitValue;
import java.util.function.Supplier;

/**
 * Turns a spec field into a unit value through an escaper, and an escaper's refusal into a
 * {@link UnitRenderException} naming the tenant's metadata file and the field.
 */
final class SpecFields {
    private SpecFields() {}

    /** The tenant's metadata file in the repository. */
    static String source(TenantSpec spec) {
        return spec.sourcePath() != null ? spec.sourcePath() : "tenants/" + spec.id() + "/metadata.json";
    }

    /** {@code escaper}'s value for {@code field} of {@code spec}. */
    static UnitValue value(TenantSpec spec, String field, Supplier<UnitValue> escaper) throws UnitRenderException {
        try {
            return escaper.get();
        } catch (IllegalArgumentException e) {
            throw new UnitRenderException(source(spec) + ": " + field + ": " + e.getMessage(), e);
        }
    }
}
