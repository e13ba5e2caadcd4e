package bbh.tenant.units;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bbh.api.tenant.TenantSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each generated service carries the sandbox its role allows: {@code systemd-analyze security
 * --offline=true} scores it (0 = closed, 10 = wide open), and the test fails when a role's score
 * rises above its threshold. Why each role cannot go lower: docs/units.md, "Hardening".
 * Scores measured with systemd 252: tenant 0.4, network 0.8, infra 3.4, vm 9.5.
 */
class SecurityExposureTest {

    /** Threshold per role, by the template's name. */
    static final Map<String, Double> THRESHOLDS = Map.of(
            TenantUnitNames.TENANT_TEMPLATE, 1.0,
            TenantUnitNames.NETWORK_TEMPLATE, 1.5,
            TenantUnitNames.INFRA_TEMPLATE, 4.0,
            TenantUnitNames.VM_TEMPLATE, 9.6);

    @Test
    void everyTenantServiceStaysUnderItsRolesThreshold(@TempDir Path dir) throws Exception {
        SystemdAnalyze.assumeInstalled();
        TreeFolder.place(Templates.all(), dir);
        List<String> units = new ArrayList<>();
        for (TenantSpec s : ExampleSpecs.goldenTenants()) {
            TreeFolder.place(TenantUnits.render(s, ExampleSpecs.COMMIT), dir);
            for (String template : Templates.NAMES) {
                units.add(TenantUnitNames.of(template, s.id()));
            }
        }
        Map<String, Double> scores = SystemdAnalyze.exposure(dir, units);
        StringBuilder report = new StringBuilder();
        for (String template : Templates.NAMES) {
            for (TenantSpec s : ExampleSpecs.goldenTenants()) {
                String unit = TenantUnitNames.of(template, s.id());
                double score = scores.get(unit);
                report.append(unit).append(' ').append(score).append('\n');
                assertTrue(score <= THRESHOLDS.get(template), unit + " scores " + score + ", above its role's " + THRESHOLDS.get(template));
            }
        }
        assertEquals(units.size(), scores.size(), report.toString());
    }
}
