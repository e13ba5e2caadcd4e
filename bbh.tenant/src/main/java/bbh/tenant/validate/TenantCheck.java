package bbh.tenant.validate;

import bbh.api.tenant.TenantSpec;
import bbh.api.tenant.ValidationProblem;
import java.util.List;

/**
 * The outcome of validating one changed tenant folder.
 *
 * @param tenantId the folder's name under {@code tenants/}, which a valid tenant's id equals
 * @param path the metadata file, {@code tenants/<id>/metadata.json}
 * @param spec the tenant as declared; null when any problem was found
 * @param problems everything wrong, sorted by file, line and column; empty when valid
 */
public record TenantCheck(String tenantId, String path, TenantSpec spec, List<ValidationProblem> problems) {

    public TenantCheck {
        problems = List.copyOf(problems);
        if (problems.isEmpty() == (spec == null)) {
            throw new IllegalArgumentException("a spec comes with no problems, and only then: " + tenantId);
        }
    }

    /** True when the tenant passed every check. */
    public boolean valid() {
        return problems.isEmpty();
    }
}
