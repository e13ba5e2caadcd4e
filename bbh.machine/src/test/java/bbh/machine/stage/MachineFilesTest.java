package bbh.machine.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bbh.api.stage.HostLayout;
import bbh.api.stage.MachinePlan;
import bbh.api.stage.StageException;
import bbh.api.tenant.TenantSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing a plan: where the files go, the record, when the machine counts as changed, removal. */
class MachineFilesTest {

    private static final String C1 = "1111111111111111111111111111111111111111";
    private static final String C2 = "2222222222222222222222222222222222222222";

    @TempDir
    Path root;

    private static TenantSpec spec(String id, List<String> dependsOn) {
        return new TenantSpec(1, id, "", true, "nspawn", null, null, null, null, dependsOn, "tenants/" + id + "/metadata.json");
    }

    private static MachinePlan plan(String commit, String setting) {
        TreeMap<String, String> files = new TreeMap<>();
        files.put("etc/systemd/nspawn/acme.nspawn", "# commit " + commit + "\n[Exec]\nBoot=" + setting + "\n");
        return new MachinePlan("# commit " + commit + "\n[Service]\nExecStart=\nExecStart=/bin/true\n", files);
    }

    @Test
    void aPlanIsPlacedRecordedAndItsDropInIsASnapshotForMachineGenerator() throws Exception {
        HostLayout host = HostLayout.under(root);
        MachineFiles files = new MachineFiles(host, false);
        MachineFiles.Written w = files.write(spec("acme", List.of()), C1, 1, "nspawn", plan(C1, "yes"));
        assertTrue(w.reload());
        assertTrue(w.machine());
        assertEquals("# commit " + C1 + "\n[Exec]\nBoot=yes\n", Files.readString(root.resolve("etc/systemd/nspawn/acme.nspawn")));
        assertTrue(Files.readString(host.bbhState().resolve("machines/tenants/acme/current/tenant-vm@acme.service.d/60-machine.conf"))
                .contains("ExecStart=/bin/true"));
        assertEquals("nspawn", files.backend("acme").orElseThrow());
        assertEquals(List.of("etc/systemd/nspawn/acme.nspawn"), files.recordedPaths("acme"));
    }

    @Test
    void aNewCommitThatChangesOnlyHeadersReloadsButChangesNoMachine() throws Exception {
        MachineFiles files = new MachineFiles(HostLayout.under(root), false);
        files.write(spec("acme", List.of()), C1, 1, "nspawn", plan(C1, "yes"));
        files.startedOnPlan("acme"); // as the stage does once the machine runs
        MachineFiles.Written same = files.write(spec("acme", List.of()), C2, 2, "nspawn", plan(C2, "yes"));
        assertTrue(same.reload(), "the drop-in's header changed");
        assertFalse(same.machine());
        MachineFiles.Written again = files.write(spec("acme", List.of()), C2, 3, "nspawn", plan(C2, "yes"));
        assertFalse(again.reload());
        assertFalse(again.machine());
        MachineFiles.Written changed = files.write(spec("acme", List.of()), C2, 4, "nspawn", plan(C2, "no"));
        assertTrue(changed.machine());
    }

    @Test
    void aChangedMachineStaysOwedARestartUntilItRanOnTheNewPlan() throws Exception {
        // The record switches before the restart: when the restart never happens (bbh.tenant's
        // update took the systemd connection away under it), the next write of the same plan must
        // still say the machine changed, or the machine would run on its old plan for good.
        MachineFiles files = new MachineFiles(HostLayout.under(root), false);
        files.write(spec("acme", List.of()), C1, 1, "nspawn", plan(C1, "yes"));
        files.startedOnPlan("acme");
        assertTrue(files.write(spec("acme", List.of()), C2, 2, "nspawn", plan(C2, "no")).machine());
        assertTrue(files.restartOwed("acme"));
        // ... no restart: the same plan again is still a changed machine.
        assertTrue(files.write(spec("acme", List.of()), C2, 3, "nspawn", plan(C2, "no")).machine());
        files.startedOnPlan("acme");
        assertFalse(files.restartOwed("acme"));
        assertFalse(files.write(spec("acme", List.of()), C2, 4, "nspawn", plan(C2, "no")).machine());
        // A removal forgets the mark with everything else.
        files.write(spec("acme", List.of()), C2, 5, "nspawn", plan(C2, "yes"));
        files.remove("acme");
        assertFalse(files.restartOwed("acme"));
    }

    @Test
    void dependsOnBecomesTheStagesOwnOrderDropIn() throws Exception {
        HostLayout host = HostLayout.under(root);
        new MachineFiles(host, false).write(spec("acme", List.of("zeta", "db")), C1, 1, "nspawn", plan(C1, "yes"));
        String order = Files.readString(host.bbhState().resolve("machines/tenants/acme/current/tenant-vm@acme.service.d/55-machine-order.conf"));
        assertTrue(order.contains("Wants=tenant-vm@db.service tenant-vm@zeta.service\n"), order);
        assertTrue(order.contains("After=tenant-vm@db.service tenant-vm@zeta.service\n"), order);
    }

    @Test
    void aFileThePreviousPlanHadAndTheNewOneLacksIsDeleted() throws Exception {
        MachineFiles files = new MachineFiles(HostLayout.under(root), false);
        files.write(spec("acme", List.of()), C1, 1, "nspawn", plan(C1, "yes"));
        MachineFiles.Written w = files.write(spec("acme", List.of()), C2, 2, "other", new MachinePlan("[Service]\n"));
        assertTrue(w.machine());
        assertFalse(Files.exists(root.resolve("etc/systemd/nspawn/acme.nspawn")));
        assertEquals("other", files.backend("acme").orElseThrow());
    }

    @Test
    void removalRemovesExactlyWhatWasWritten() throws Exception {
        HostLayout host = HostLayout.under(root);
        Files.createDirectories(root.resolve("etc/systemd/nspawn"));
        Files.writeString(root.resolve("etc/systemd/nspawn/operator.nspawn"), "[Exec]\n");
        MachineFiles files = new MachineFiles(host, false);
        files.write(spec("acme", List.of()), C1, 1, "nspawn", plan(C1, "yes"));
        assertTrue(files.remove("acme"));
        assertFalse(Files.exists(root.resolve("etc/systemd/nspawn/acme.nspawn")));
        assertTrue(Files.exists(root.resolve("etc/systemd/nspawn/operator.nspawn")));
        assertFalse(Files.exists(host.bbhState().resolve("machines/tenants/acme")));
        assertTrue(files.backend("acme").isEmpty());
        assertFalse(files.remove("acme"), "nothing left to remove");
    }

    @Test
    void aPlannedFileMustBeTheTenantsOwn() throws Exception {
        MachineFiles.requireTenantsOwn("acme", "etc/systemd/nspawn/acme.nspawn");
        MachineFiles.requireTenantsOwn("acme", "var/lib/machines/acme/config");
        StageException e = assertThrows(StageException.class,
                () -> MachineFiles.requireTenantsOwn("acme", "etc/systemd/nspawn/globex.nspawn"));
        assertEquals("the machine backend planned the file etc/systemd/nspawn/globex.nspawn for tenant acme, which is not "
                + "the tenant's own: expected a file named acme.<suffix> or one inside a folder named acme", e.getMessage());
        assertThrows(StageException.class, () -> MachineFiles.requireTenantsOwn("acme", "etc/acmeish.conf"));
        TreeMap<String, String> foreign = new TreeMap<>();
        foreign.put("etc/passwd", "x");
        assertThrows(StageException.class, () -> new MachineFiles(HostLayout.under(root), false)
                .write(spec("acme", List.of()), C1, 1, "evil", new MachinePlan("", foreign)));
        assertFalse(Files.exists(root.resolve("etc/passwd")));
    }
}
