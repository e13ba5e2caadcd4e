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
 * A spec in force keeps its unit files and IO limits across a restart (the state file holds them),
 * and a state file written before specs had either reads as a spec without them.
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

    @Test
    void ioLimitsSurviveTheStateFileAndOldResourcesReadWithoutThem(@TempDir Path dir) throws Exception {
        TenantSpec.Resources io = new TenantSpec.Resources(null, null, "1G", null, null, null, null,
                List.of(new TenantSpec.IoLimit("/dev/vda", "10M", null), new TenantSpec.IoLimit("/dev/vdb", null, "1G")));
        TenantSpec spec = new TenantSpec(1, "acme", "d", true, "nspawn", null, io, null, null, null, "tenants/acme/metadata.json");
        AppliedState state = new AppliedState(dir);
        state.writeTenant("acme", new AppliedState.TenantRecord("tree", 3, spec, "c0ffee"));
        assertEquals(spec, state.readTenants().get("acme").spec());

        // A record of bbh.api.tenant 1.1: resources without "io".
        Files.writeString(dir.resolve("tenants/old.json"), "{\"tree\":\"t\",\"generation\":1,\"specCommit\":\"c\",\"spec\":"
                + "{\"schemaVersion\":1,\"id\":\"old\",\"description\":\"\",\"enabled\":true,\"backend\":\"nspawn\","
                + "\"resources\":{\"memoryMax\":\"2G\",\"tasksMax\":64},\"sourcePath\":\"tenants/old/metadata.json\",\"units\":[]}}");
        TenantSpec old = state.readTenants().get("old").spec();
        assertEquals(new TenantSpec.Resources(null, null, "2G", null, null, 64, null), old.resources());
        assertEquals(List.of(), old.resources().io());
    }
}
