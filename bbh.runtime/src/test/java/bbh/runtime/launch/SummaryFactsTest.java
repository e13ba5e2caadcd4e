package bbh.runtime.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bbh.api.status.TenantStatus;
import bbh.api.systemd.MachineInfo;
import bbh.api.systemd.Machined;
import bbh.api.tenant.TenantSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SummaryFactsTest {

    /** machined as the summary sees it: addresses by machine name. */
    private static Machined addresses(Map<String, List<String>> byName) {
        return new Machined() {
            @Override
            public Optional<MachineInfo> machine(String name) {
                return Optional.empty();
            }

            @Override
            public List<MachineInfo> machines() {
                return List.of();
            }

            @Override
            public List<String> addresses(String name) {
                return byName.getOrDefault(name, List.of());
            }
        };
    }

    private static TenantSpec spec(String id, String backend, String subnet) {
        return new TenantSpec(1, id, "", true, backend, null, null,
                subnet == null ? null : new TenantSpec.Network(subnet, null, List.of()), List.of(), List.of(),
                "tenants/" + id + "/metadata.json");
    }

    @Test
    void aRunningMachineShowsItsAddressesWithoutLinkLocalOnesOthersTheirSubnet() {
        Map<String, TenantStatus> status = Map.of(
                "acme", TenantStatuses.done("acme", 1),
                "globex", TenantStatuses.failed("globex", 1, "no vmspawn"));
        SummaryFacts facts = new SummaryFacts(
                List.of(spec("acme", "nspawn", "10.101.0.0/24"), spec("globex", "vmspawn", "10.102.0.0/24"),
                        spec("initech", "nspawn", null)),
                id -> Optional.ofNullable(status.get(id)),
                addresses(Map.of("acme", List.of("10.101.0.146", "fe80:0:0:0:c072:adff:fe8c:55c9"),
                        "globex", List.of("10.102.0.9"))));

        assertEquals(new StatusTable.Facts("nspawn", "10.101.0.146"), facts.apply("acme"));
        assertEquals(new StatusTable.Facts("vmspawn", "10.102.0.0/24"), facts.apply("globex"), "not running: its subnet");
        assertEquals(new StatusTable.Facts("nspawn", "-"), facts.apply("initech"));
        assertEquals(StatusTable.Facts.UNKNOWN, facts.apply("gone"));
    }

    @Test
    void withoutMachinedTheSubnetIsShown() {
        SummaryFacts facts = new SummaryFacts(List.of(spec("acme", "nspawn", "10.101.0.0/24")),
                id -> Optional.of(TenantStatuses.done("acme", 1)), null);
        assertEquals(new StatusTable.Facts("nspawn", "10.101.0.0/24"), facts.apply("acme"));
    }
}
