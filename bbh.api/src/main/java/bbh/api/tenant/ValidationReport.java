package bbh.api.tenant;

import java.util.List;

/**
 * The result of validating every tenant of a repository at one commit.
 *
 * @param commit the commit validated, see {@link bbh.api.pipeline.PipelineEventKeys#COMMIT}
 * @param tenantCount how many tenant folders there are
 * @param valid the tenants that passed, sorted by id
 * @param problems every problem found, sorted by file, line and column: the tenants' and the
 *     operator-wide ones ({@link ValidationProblem#operatorWide()}), which make no tenant invalid
 */
public record ValidationReport(String commit, int tenantCount, List<TenantSpec> valid, List<ValidationProblem> problems) {

    public ValidationReport {
        valid = List.copyOf(valid);
        problems = List.copyOf(problems);
    }

    /** True when there is no problem at all: every tenant passed, and so did the operator-wide part. */
    public boolean allValid() {
        return problems.isEmpty();
    }
}
