package bbh.tenant.units;

import bbh.api.tenant.TenantSpec;
import bbh.tenant.unit.ExternalTool;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * systemd-analyze on a unit folder, as the test host notes say (shared/notes/systemd-testbed.md):
 * {@code SYSTEMD_UNIT_PATH=DIR:} (the trailing colon keeps the default folders, so dependencies such
 * as multi-user.target resolve), many units in one call.
 */
final class SystemdAnalyze {
    private SystemdAnalyze() {}

    private static final Pattern OVERALL = Pattern.compile("Overall exposure level for (\\S+): (\\d+\\.\\d)");

    static void assumeInstalled() {
        Assumptions.assumeTrue(ExternalTool.exists("systemd-analyze"), "systemd-analyze is not installed");
    }

    /** The units a tenant's files make: its four services and its slice. */
    static List<String> unitsOf(TenantSpec spec) {
        String id = spec.id();
        return List.of(TenantUnitNames.tenant(id), TenantUnitNames.infra(id), TenantUnitNames.network(id),
                TenantUnitNames.vm(id), TenantUnitNames.slice(id));
    }

    /** {@code systemd-analyze verify UNITS} with {@code dir} first on the unit path. */
    static ExternalTool verify(Path dir, List<String> units) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("systemd-analyze", "verify", "--man=no"));
        cmd.addAll(units);
        return ExternalTool.run(cmd, Map.of("SYSTEMD_UNIT_PATH", dir + ":"));
    }

    /** Each unit's overall exposure score by {@code systemd-analyze security --offline=true}. */
    static Map<String, Double> exposure(Path dir, List<String> units) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("systemd-analyze", "security", "--offline=true", "--no-pager"));
        cmd.addAll(units);
        ExternalTool t = ExternalTool.run(cmd, Map.of("SYSTEMD_UNIT_PATH", dir + ":"));
        Map<String, Double> scores = new LinkedHashMap<>();
        Matcher m = OVERALL.matcher(t.stdout());
        while (m.find()) {
            scores.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        if (scores.size() != units.size()) {
            throw new IllegalStateException("systemd-analyze security scored " + scores.keySet() + " of " + units
                    + " (exit " + t.exitCode() + "): " + t.stderr());
        }
        return scores;
    }
}
