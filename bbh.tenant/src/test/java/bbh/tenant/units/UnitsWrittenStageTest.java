package bbh.tenant.units;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bbh.api.stage.HostLayout;
import bbh.api.stage.StageException;
import bbh.api.stage.TenantWork;
import bbh.api.systemd.SystemdException;
import bbh.api.tenant.TenantSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stage rendering into a folder (no systemd), and its reloads with a counting manager (coalescing: CoalescedReloadTest). */
class UnitsWrittenStageTest {

    @TempDir
    Path root;

    @Test
    void withoutSystemdTheStageIsDoneOnceTheFilesAreInPlace() throws Exception {
        UnitsWrittenStage stage = new UnitsWrittenStage();
        HostLayout host = HostLayout.under(root);
        stage.apply(new TenantWork(spec("acme"), "c0ffee", 3, host));

        assertTrue(Files.isRegularFile(host.templateUnits().resolve("tenant@.service")));
        assertTrue(Files.isExecutable(host.generators().resolve("tenant-generator")));
        Path current = host.bbhState().resolve("units/tenants/acme/current");
        assertTrue(Files.isRegularFile(current.resolve("tenant-acme.slice")));
        assertTrue(Files.isSymbolicLink(current.resolve("multi-user.target.wants/tenant@acme.service")));
        assertTrue(Files.isRegularFile(host.bbhState().resolve("units/host/current/tenant.slice")));

        stage.remove("acme", host);
        assertFalse(Files.exists(host.bbhState().resolve("units/tenants/acme")));
    }

    @Test
    void aWrittenTenantReloadsSystemdAndAnUnchangedOneDoesNot() throws Exception {
        ReloadCountingSystemd systemd = new ReloadCountingSystemd();
        UnitsWrittenStage stage = new UnitsWrittenStage();
        stage.systemd = systemd;
        HostLayout host = HostLayout.under(root);

        stage.apply(new TenantWork(spec("acme"), "c0ffee", 1, host));
        assertEquals(1, systemd.reloads.get());
        assertEquals(java.util.List.of("tenant-infra@acme.service"), systemd.started, "the tenant's state is prepared");
        stage.apply(new TenantWork(spec("acme"), "c0ffee", 1, host));
        assertEquals(1, systemd.reloads.get(), "same files: no switch, no reload");
        stage.remove("acme", host);
        assertEquals(2, systemd.reloads.get());
    }

    @Test
    void aFailedReloadFailsTheStageWithSystemdsReason() {
        UnitsWrittenStage stage = new UnitsWrittenStage();
        stage.systemd = new ReloadCountingSystemd(new SystemdException("org.freedesktop.DBus.Error.AccessDenied: no"));
        StageException e = assertThrows(StageException.class,
                () -> stage.apply(new TenantWork(spec("acme"), "c0ffee", 1, HostLayout.under(root))));
        assertTrue(e.getMessage().contains("AccessDenied"), e.getMessage());
    }

    private static TenantSpec spec(String id) {
        return new TenantSpec(1, id, "test", true, "nspawn", null,
                new TenantSpec.Resources(100, "50%", "1G", null, null, 64, null), null, null, null,
                "tenants/" + id + "/metadata.json");
    }
}
