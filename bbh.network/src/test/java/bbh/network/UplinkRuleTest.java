package bbh.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import bbh.api.tenant.TenantSpec;
import bbh.api.tenant.ValidationProblem;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The operator-dependent checks, called directly (the hook that calls TenantRule services is bbh.tenant's). */
class UplinkRuleTest {

    private static final OperatorNetwork OPERATOR = OperatorNetwork.parse(new String[] {"eth1", "trunk0=52:54:00:12:34:56"},
            "trunk0", new String[] {"192.168.0.0/16", "fd00:ffff::/32"});

    private static TenantSpec vlan(String uplink) {
        return Specs.tenant("acme", new TenantSpec.Network("10.1.0.0/24", 7, List.of(), null, null, null, null, List.of(),
                null, uplink, null, null, null));
    }

    @Test
    void aDeclaredUplinkOrTheDefaultPasses() {
        assertEquals(List.of(), UplinkRule.of(OPERATOR).check(vlan("eth1"), null));
        assertEquals(List.of(), UplinkRule.of(OPERATOR).check(vlan(null), null));
    }

    @Test
    void anUnknownUplinkIsNamed() {
        List<ValidationProblem> p = UplinkRule.of(OPERATOR).check(vlan("eth9"), null);
        assertEquals(List.of("tenants/acme/metadata.json: tenant acme: network.uplink: expected one of the operator's uplinks"
                + " [eth1, trunk0]; found \"eth9\""), p.stream().map(Object::toString).toList());
    }

    @Test
    void aVlanWithoutAnyUplinkIsRefused() {
        List<ValidationProblem> p = UplinkRule.of(OperatorNetwork.NONE).check(vlan(null), null);
        assertEquals(List.of("tenants/acme/metadata.json: tenant acme: network.vlan: expected an uplink for VLAN 7: the tenant"
                + " names none and the operator's configuration (PID bbh.network) has no defaultUplink"),
                p.stream().map(Object::toString).toList());
    }

    @Test
    void reservedRangesAreKeptFree() {
        TenantSpec spec = Specs.tenant("acme", new TenantSpec.Network("192.168.7.0/24", null, List.of(), null, "fd00:ffff:1::/64",
                null, null, List.of(), null, null, null, null, null));
        assertEquals(List.of(
                "tenants/acme/metadata.json: tenant acme: network.subnet: 192.168.7.0/24 overlaps the operator's reserved range"
                        + " 192.168.0.0/16 (PID bbh.network); a subnet outside it was expected",
                "tenants/acme/metadata.json: tenant acme: network.subnet6: fd00:ffff:1::/64 overlaps the operator's reserved range"
                        + " fd00:ffff::/32 (PID bbh.network); a subnet outside it was expected"),
                UplinkRule.of(OPERATOR).check(spec, null).stream().map(Object::toString).toList());
    }

    @Test
    void badOperatorConfigurationNamesTheKey() {
        assertEquals("uplinks: 'eth1=zz' has no MAC address after '='; expected e.g. eth1=52:54:00:12:34:56",
                assertThrows(IllegalArgumentException.class, () -> OperatorNetwork.parse(new String[] {"eth1=zz"}, "", null)).getMessage());
        assertEquals("defaultUplink: 'eth2' is not one of the uplinks [eth1]",
                assertThrows(IllegalArgumentException.class, () -> OperatorNetwork.parse(new String[] {"eth1"}, "eth2", null)).getMessage());
    }
}
