package bbh.nspawn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import bbh.api.stage.HostLayout;
import bbh.api.stage.MachinePlan;
import bbh.api.stage.TenantWork;
import bbh.tenant.units.MachineUnitsFolder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drop-in on bbh's real templates passes {@code systemd-analyze verify} with empty stderr (any
 * warning there, such as an unknown key, is a failure: verify exits 0 for those); and the folder
 * the container binds is where the units stage writes a tenant's own units.
 */
class DropInVerifyTest {

    private static final Path TEMPLATES = Path.of("../bbh.tenant/src/main/resources/units/templates");

    @TempDir
    Path dir;

    @Test
    void theDropInVerifiesOnTheTemplate() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")), "systemd-analyze is not installed");
        assumeTrue(Files.isExecutable(Path.of(NspawnDropIn.NSPAWN)), "systemd-nspawn is not installed");
        try (var templates = Files.list(TEMPLATES)) {
            for (Path t : templates.toList()) {
                Files.copy(t, dir.resolve(t.getFileName()));
            }
        }
        MachinePlan plan = new NspawnBackend().plan(new TenantWork(GoldenNspawnTest.shop(), GoldenNspawnTest.COMMIT, 1,
                HostLayout.under(dir.resolve("root"))));
        Path dropIns = Files.createDirectories(dir.resolve("tenant-vm@shop.service.d"));
        Files.writeString(dropIns.resolve("60-machine.conf"), plan.unitDropIn());
        ProcessBuilder pb = new ProcessBuilder("systemd-analyze", "verify", "--man=no", "tenant-vm@shop.service");
        pb.environment().put("SYSTEMD_UNIT_PATH", dir + ":");
        Process p = pb.start();
        p.getOutputStream().close();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        List<String> problems = err.lines().filter(l -> l.contains("tenant")).toList();
        assertEquals(List.of(), problems, err);
        assertEquals(0, p.exitValue(), err);
    }

    @Test
    void theOwnUnitsFolderIsTheUnitsStages() {
        HostLayout host = HostLayout.under(dir);
        assertEquals(MachineUnitsFolder.of(host, "shop"), OwnUnits.folder(host, "shop"));
    }
}
