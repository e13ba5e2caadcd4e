package bbh.runtime.launch;

import bbh.api.tenant.TenantValidator;
import bbh.api.tenant.ValidationProblem;
import bbh.api.tenant.ValidationReport;
import java.io.IOException;
import java.io.PrintStream;

/**
 * {@code bin/bbh validate}: one line per problem on stdout (the result, for grep and editors that
 * jump to {@code path:line:column:}), one closing count on stderr (for the person watching).
 */
final class ValidateBatch {
    private ValidateBatch() {}

    /** Validates {@code location} and reports; never throws for a problem of the repository. */
    static ExitCode run(TenantValidator validator, String location, PrintStream out, PrintStream err) {
        ValidationReport report;
        try {
            report = validator.validate(location);
        } catch (IOException e) {
            err.println("bbh: cannot read " + location + ": " + e.getMessage());
            return ExitCode.ERROR;
        }
        for (ValidationProblem p : report.problems()) {
            out.println(p);
        }
        out.flush();
        err.println(summary(report));
        return report.allValid() ? ExitCode.SUCCESS : ExitCode.FAILURE;
    }

    /**
     * {@code 4 tenants, 3 valid, 1 invalid}, with the problem count when it says more, and how many
     * of them are operator-wide (they make no tenant invalid, but the exit code is 1).
     */
    static String summary(ValidationReport report) {
        int total = report.tenantCount();
        int valid = report.valid().size();
        int problems = report.problems().size();
        StringBuilder b = new StringBuilder()
                .append(total).append(total == 1 ? " tenant, " : " tenants, ")
                .append(valid).append(" valid, ")
                .append(Math.max(0, total - valid)).append(" invalid");
        if (problems > 0) {
            b.append(" (").append(problems).append(problems == 1 ? " problem" : " problems");
            long operatorWide = report.problems().stream().filter(ValidationProblem::operatorWide).count();
            if (operatorWide > 0) {
                b.append(", ").append(operatorWide).append(" operator-wide");
            }
            b.append(')');
        }
        return b.toString();
    }
}
