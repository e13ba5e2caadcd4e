package bbh.tenant.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bbh.api.tenant.TenantSpec;
import bbh.api.tenant.TenantUnitFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A spec in force keeps its unit files across a restart (the state file holds them), and a state
 * file written before specs had units reads as a spec without any.
 */
class AppliedStateUnitsTest {

    @Test
    void unitFilesSurviveTheStateFileAndOldFilesReadWithoutUnits(@TempDir Path dir) throws Exception {
        TenantSpec spec = new TenantSpec(1, "acme", "d", true, "nspawn", null, null, null, null, null,
                "tenants/acme/metadata.json", List.of(new TenantUnitFile("hello.service", "[Service]\nExecStart=/bin/true\n"),
                        new TenantUnitFile("hello.service.d/10-a.conf", "[Service]\nNice=1\n")));
        AppliedState state = new AppliedState(dir);
        state.writeTenant("acme", new AppliedState.TenantRecord("tree", 3, spec, "c0ffee"));
        assertEquals(spec, state.readTenants().get("acme").spec());

        // A record of bbh.api.tenant 1.0: no "units" in the spec.
        Files.writeString(dir.resolve("tenants/old.json"), "{\"tree\":\"t\",\"generation\":1,\"specCommit\":\"c\",\"spec\":"
                + "{\"schemaVersion\":1,\"id\":\"old\",\"description\":\"\",\"enabled\":true,\"backend\":\"nspawn\","
                + "\"sourcePath\":\"tenants/old/metadata.json\"}}");
        assertEquals(new TenantSpec(1, "old", "", true, "nspawn", null, null, null, null, null, "tenants/old/metadata.json"),
                state.readTenants().get("old").spec());
    }
}
