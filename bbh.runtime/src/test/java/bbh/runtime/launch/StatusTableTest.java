package bbh.runtime.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bbh.api.status.TenantStatus;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class StatusTableTest {

    private static String table(Map<String, TenantStatus> s, String... withoutStatus) {
        TreeSet<String> ids = new TreeSet<>(s.keySet());
        ids.addAll(java.util.List.of(withoutStatus));
        Map<String, StatusTable.Facts> facts = Map.of(
                "acme", new StatusTable.Facts("nspawn", "10.101.0.175"),
                "globex", new StatusTable.Facts("vmspawn", "fd00:102::/64"));
        return StatusTable.format(ids, id -> Optional.ofNullable(s.get(id)),
                id -> facts.getOrDefault(id, StatusTable.Facts.UNKNOWN));
    }

    @Test
    void oneAlignedRowPerTenantSortedWithoutTrailingBlanks() {
        Map<String, TenantStatus> s = new HashMap<>();
        s.put("globex", TenantStatuses.failed("globex", 1, "tenants/globex/metadata.json:3:9: tenant globex: id: a string was expected"));
        s.put("acme", TenantStatuses.stopped("acme", 1));
        s.put("initech", TenantStatuses.done("initech", 1));
        s.put("umbrella", TenantStatuses.removed("umbrella", 2));
        assertEquals(""
                + "TENANT    BACKEND  LAST DONE     STATE    ADDRESS        MESSAGE\n"
                + "acme      nspawn   validated     stopped  10.101.0.175   units-written absent: no bundle provides units-written\n"
                + "globex    vmspawn  repo-changed  failed   fd00:102::/64  validated: tenants/globex/metadata.json:3:9: tenant globex: id: a string was expected\n"
                + "initech   -        vm-started    done     -\n"
                + "umbrella  -        -             removed  -\n",
                table(s));
    }

    @Test
    void pendingTenantsSayWhatTheyWaitFor() {
        Map<String, TenantStatus> s = Map.of("acme", TenantStatuses.running("acme", 3));
        assertEquals(""
                + "TENANT  BACKEND  LAST DONE     STATE    ADDRESS       MESSAGE\n"
                + "acme    nspawn   repo-changed  pending  10.101.0.175  validated running\n"
                + "zeta    -        -             pending  -             no status yet\n",
                table(s, "zeta"));
    }

    @Test
    void aMessageOfSeveralLinesStaysOnItsRow() {
        Map<String, TenantStatus> s = Map.of("a", TenantStatuses.failed("a", 1, "first problem\nsecond problem\n"));
        assertEquals(""
                + "TENANT  BACKEND  LAST DONE     STATE   ADDRESS  MESSAGE\n"
                + "a       -        repo-changed  failed  -        validated: first problem; second problem\n",
                table(s));
    }

    @Test
    void theSameStatusesPrintTheSameTable() {
        Map<String, TenantStatus> s = Map.of("b", TenantStatuses.stopped("b", 1), "a", TenantStatuses.stopped("a", 1));
        assertEquals(table(s), table(new HashMap<>(s)));
    }
}
