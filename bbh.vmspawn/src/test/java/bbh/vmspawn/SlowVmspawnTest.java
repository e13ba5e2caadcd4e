package bbh.vmspawn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bbh.api.stage.HostLayout;
import bbh.api.stage.TenantWork;
import bbh.api.tenant.TenantSpec;
import bbh.tenant.unit.InstanceNames;
import bbh.tenant.units.HostUnits;
import bbh.tenant.units.Templates;
import bbh.tenant.units.TenantUnits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opt-in ({@code -Dbbh.slow=true}): the drop-ins against a real systemd-vmspawn, systemd 262 of
 * Debian unstable, in a root file system built once by {@code src/test/scripts/sid-rootfs} (about a
 * minute and 1 GB) and entered with the host's systemd-nspawn (no boot needed: systemd-analyze and
 * vmspawn's option parser run without a PID 1). SlowVmBootTest boots a VM (docs/machines-vmspawn.md).
 */
class SlowVmspawnTest {

    private static Path rootfs;

    @BeforeAll
    static void sidRootfs() throws Exception {
        rootfs = SidRootfs.path();
    }

    private static Tool inSid(List<String> binds, String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("systemd-nspawn", "--quiet", "--directory=" + rootfs, "--read-only",
                "--register=no", "--keep-unit", "--private-network", "--pipe"));
        binds.forEach(b -> cmd.add("--bind-ro=" + b));
        cmd.addAll(List.of(command));
        Tool t = Tool.run(cmd, Map.of(), 300);
        Tool.run(List.of("rm", "-rf", "--one-file-system", "/run/systemd/nspawn/propagate/" + rootfs.getFileName()));
        return t;
    }

    @Test
    void theRealVmspawnVersionPassesTheGate() throws Exception {
        Tool v = inSid(List.of(), "env", "SYSTEMD_COLORS=0", "systemctl", "--version");
        Matcher m = Pattern.compile("systemd \\d+ \\(([^)]+)\\)").matcher(v.stdout());
        assertTrue(m.find(), v.stdout());
        assertEquals(Optional.empty(), VersionGate.reason(Specs.full(), m.group(1)));
    }

    @Test
    void everyDropInVerifiesWithTheRealBinary(@TempDir Path dir) throws Exception {
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path units = dir.resolve("units");
        SystemdVerifyTest.place(Templates.all(), units);
        SystemdVerifyTest.place(HostUnits.render(Specs.COMMIT), units);
        List<String> names = new ArrayList<>();
        for (TenantSpec spec : GoldenPlanTest.cases()) {
            SystemdVerifyTest.place(TenantUnits.render(spec, Specs.COMMIT), units);
            String unit = "tenant-vm@" + InstanceNames.escape(spec.id()) + ".service";
            Path dropIn = units.resolve(unit + ".d").resolve(VmspawnDropIn.NAME);
            Files.createDirectories(dropIn.getParent());
            Files.writeString(dropIn, new VmspawnBackend().plan(new TenantWork(spec, Specs.COMMIT, 1, HostLayout.under(dir))).unitDropIn());
            names.add(unit);
        }
        // /mnt: the read-only root file system has no room for a new mount point.
        List<String> cmd = new ArrayList<>(List.of("env", "SYSTEMD_UNIT_PATH=/mnt:", "systemd-analyze", "verify", "--man=no"));
        cmd.addAll(names);
        Tool t = inSid(List.of(units + ":/mnt"), cmd.toArray(String[]::new));
        // Two lines that are not the backend's: systemd-nspawn's own note on leaving, and bbh.tenant's
        // tenant.slice, whose CPUAccounting= systemd 262 no longer knows (it always accounts CPU now).
        List<String> problems = t.stderr().lines()
                .filter(l -> !l.startsWith("Attempted to remove disk file system under \"/run/systemd/nspawn/propagate/"))
                .filter(l -> !l.equals("/mnt/tenant.slice:8: Support for option CPUAccounting= has been removed and it is ignored"))
                .toList();
        assertEquals(List.of(), problems, "systemd-analyze verify (systemd 262) " + names);
        assertEquals(0, t.exitCode());
    }

    @Test
    void vmspawnKnowsEveryOptionTheBackendWrites() throws Exception {
        String help = inSid(List.of(), "systemd-vmspawn", "--help", "--no-pager").stdout();
        List<String> argv = new ArrayList<>(VmspawnCommand.argv(Specs.full(), OperatorSettings.DEFAULTS));
        argv.addAll(VmspawnCommand.argv(Specs.example("globex"),
                new OperatorSettings("/usr/bin/systemd-vmspawn", "/x.json", "no", "no", true, false, "1min", "headless", "/vmlinuz", "/initrd.img")));
        for (String a : argv.subList(1, argv.size())) {
            if (!a.startsWith("--")) {
                continue;
            }
            String option = a.contains("=") ? a.substring(0, a.indexOf('=') + 1) : a;
            assertTrue(help.contains(option), option + " is not in systemd-vmspawn --help:\n" + help);
        }
    }
}
