package bbh.vmspawn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bbh.api.tenant.TenantSpec;
import bbh.tenant.unit.InstanceNames;
import bbh.tenant.unit.RenderedTree;
import bbh.tenant.units.HostUnits;
import bbh.tenant.units.Templates;
import bbh.tenant.units.TenantUnits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every vmspawn drop-in, with bbh's templates and the tenant's own units-stage files beside it,
 * passes {@code systemd-analyze verify} with nothing at all on stderr (its exit code stays 0 for
 * "Unknown key" and the like, which it only prints).
 *
 * <p>One thing is not real here: systemd 252 has no systemd-vmspawn, and verify refuses a unit whose
 * {@code ExecStart=} binary is missing (fatal, exit 1), checking only that it is an executable file.
 * So verify runs in a private mount namespace in which {@code /usr/bin} is an overlay adding one
 * placeholder executable, {@code /usr/bin/systemd-vmspawn}; nothing outside that one process sees it.
 * That vmspawn accepts every option is checked against the real binary (systemd 262) by
 * {@link SlowVmspawnTest}, run with {@code -Dbbh.slow=true}.
 */
class SystemdVerifyTest {

    @Test
    void everyDropInVerifiesCleanlyWithTheTemplates(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Tool.exists("systemd-analyze"), "systemd-analyze is not installed");
        Assumptions.assumeTrue(Tool.exists("unshare"), "unshare is not installed");
        Assumptions.assumeTrue(Tool.root(), "not root: the placeholder needs a private mount namespace");
        Path units = dir.resolve("units");
        place(Templates.all(), units);
        place(HostUnits.render(Specs.COMMIT), units);
        List<String> names = new ArrayList<>();
        for (TenantSpec spec : GoldenPlanTest.cases()) {
            place(TenantUnits.render(spec, Specs.COMMIT), units);
            String unit = "tenant-vm@" + InstanceNames.escape(spec.id()) + ".service";
            Path dropIn = units.resolve(unit + ".d").resolve(VmspawnDropIn.NAME);
            Files.createDirectories(dropIn.getParent());
            Files.writeString(dropIn, new VmspawnBackend().plan(new bbh.api.stage.TenantWork(spec, Specs.COMMIT, 1,
                    bbh.api.stage.HostLayout.under(dir))).unitDropIn());
            names.add(unit);
        }
        Path placeholder = dir.resolve("placeholder");
        Files.createDirectories(placeholder);
        Path vmspawn = placeholder.resolve("systemd-vmspawn");
        Files.writeString(vmspawn, "#!/bin/sh\necho 'placeholder for systemd-analyze verify only' >&2\nexit 1\n");
        vmspawn.toFile().setExecutable(true);
        Assumptions.assumeFalse(Files.exists(Path.of("/usr/bin/systemd-vmspawn")), "this host has systemd-vmspawn: no placeholder");

        List<String> cmd = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
                "mount -t overlay overlay -o lowerdir=\"$1\":/usr/bin /usr/bin && shift && exec systemd-analyze verify --man=no \"$@\"",
                "verify", placeholder.toString()));
        cmd.addAll(names);
        Tool t = Tool.run(cmd, Map.of("SYSTEMD_UNIT_PATH", units + ":"), 120);
        assertEquals("", t.stderr(), "systemd-analyze verify " + names);
        assertEquals(0, t.exitCode());
        assertTrue(names.size() >= 3, names.toString());
    }

    @Test
    void withoutThePlaceholderVerifyNamesTheMissingBinary(@TempDir Path dir) throws Exception {
        // Shows why the placeholder exists: on this host the one fatal problem is the binary.
        Assumptions.assumeTrue(Tool.exists("systemd-analyze"), "systemd-analyze is not installed");
        Assumptions.assumeFalse(Files.exists(Path.of("/usr/bin/systemd-vmspawn")), "this host has systemd-vmspawn");
        Path units = dir.resolve("units");
        place(Templates.all(), units);
        TenantSpec spec = Specs.minimal();
        place(TenantUnits.render(spec, Specs.COMMIT), units);
        Path dropIn = units.resolve("tenant-vm@bare.service.d").resolve(VmspawnDropIn.NAME);
        Files.createDirectories(dropIn.getParent());
        Files.writeString(dropIn, new VmspawnBackend().plan(new bbh.api.stage.TenantWork(spec, Specs.COMMIT, 1,
                bbh.api.stage.HostLayout.under(dir))).unitDropIn());
        Tool t = Tool.run(List.of("systemd-analyze", "verify", "--man=no", "tenant-vm@bare.service"),
                Map.of("SYSTEMD_UNIT_PATH", units + ":"), 120);
        assertTrue(t.stderr().contains("/usr/bin/systemd-vmspawn"), t.stderr());
        assertEquals(1, t.stderr().strip().lines().count(), t.stderr());
    }

    static void place(RenderedTree tree, Path dir) throws Exception {
        for (RenderedTree.Entry e : tree.entries().values()) {
            Path p = dir.resolve(e.path());
            Files.createDirectories(p.getParent());
            if (e.isSymlink()) {
                Files.deleteIfExists(p);
                Files.createSymbolicLink(p, Path.of(e.linkTarget()));
            } else {
                Files.write(p, e.content());
            }
        }
    }
}
