package bbh.tenant.units;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bbh.api.tenant.TenantSpec;
import bbh.api.tenant.TenantUnitFile;
import bbh.tenant.unit.ExternalTool;
import bbh.tenant.unit.UnitNames;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tenants' own units, as rendered for their machines, pass {@code systemd-analyze verify} with
 * nothing on stderr (its exit code is 0 for most problems): the example's acme and the valid
 * fixture's web, each in a folder of its own as its machine would see it, with the links made from
 * [Install]. A template is verified through an instance.
 */
class MachineUnitsVerifyTest {

    @Test
    void everyTenantsOwnUnitsVerifyCleanly(@TempDir Path tmp) throws Exception {
        SystemdAnalyze.assumeInstalled();
        int verified = 0;
        for (TenantSpec s : MachineUnitSpecs.withUnits()) {
            Path dir = tmp.resolve(s.id());
            TreeFolder.place(MachineUnits.render(s, ExampleSpecs.COMMIT), dir);
            List<String> units = new ArrayList<>();
            for (TenantUnitFile f : s.units()) {
                String unit = f.name().contains("/") ? f.name().substring(0, f.name().indexOf(".d/")) : f.name();
                units.add(UnitNames.isTemplate(unit) ? unit.replace("@.", "@1.") : unit);
            }
            List<String> distinct = units.stream().distinct().sorted().toList();
            ExternalTool t = SystemdAnalyze.verify(dir, distinct);
            assertEquals("", t.stderr(), s.id() + ": systemd-analyze verify " + distinct);
            assertEquals(0, t.exitCode(), s.id());
            verified += distinct.size();
        }
        assertEquals(2 + 6, verified, "acme's and web's units");
    }
}
