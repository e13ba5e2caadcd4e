package bbh.network;

import bbh.api.source.RepositoryFiles;
import bbh.api.tenant.TenantRule;
import bbh.api.tenant.TenantSpec;
import bbh.api.tenant.ValidationProblem;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

/**
 * The checks of a tenant's network that need the operator's configuration (PID
 * {@value NetworkUpStage#PID}): a VLAN's uplink must be one the operator declared (named by the
 * tenant, or the default uplink), and no subnet may overlap a reserved range. A tenant repository
 * cannot reconfigure the host's uplinks: it can only choose among them.
 */
@Component(service = TenantRule.class, configurationPid = NetworkUpStage.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = TenantRule.NAME + "=network")
public final class UplinkRule implements TenantRule {

    private volatile OperatorNetwork operator = OperatorNetwork.NONE;

    @Activate
    void activate(NetworkConfig config) {
        operator = OperatorNetwork.parse(config.uplinks(), config.defaultUplink(), config.reserved());
    }

    /** For tests: a rule over {@code operator}'s settings. */
    static UplinkRule of(OperatorNetwork operator) {
        UplinkRule r = new UplinkRule();
        r.operator = operator;
        return r;
    }

    @Override
    public List<ValidationProblem> check(TenantSpec spec, RepositoryFiles files) {
        List<ValidationProblem> problems = new ArrayList<>();
        TenantSpec.Network n = spec.network();
        if (n == null) {
            return problems;
        }
        OperatorNetwork o = operator;
        if (PortRenderer.usesUplink(n)) {
            if (n.uplink() != null && !o.uplinks().containsKey(n.uplink())) {
                problems.add(problem(spec, "network.uplink", "expected one of the operator's uplinks "
                        + (o.uplinks().isEmpty() ? "(none are configured in PID bbh.network)" : o.uplinks().keySet())
                        + "; found \"" + n.uplink() + "\""));
            } else if (n.uplink() == null && o.defaultUplink().isEmpty()) {
                problems.add(problem(spec, n.vlan() != null ? "network.vlan" : "network.vxlan.group", "expected an uplink for "
                        + (n.vlan() != null ? "VLAN " + n.vlan() : "the VXLAN's multicast group")
                        + ": the tenant names none and the operator's configuration (PID bbh.network) has no defaultUplink"));
            }
        }
        List<String> subnets = new ArrayList<>(List.of(n.subnet()));
        if (n.subnet6() != null) {
            subnets.add(n.subnet6());
        }
        for (int i = 0; i < subnets.size(); i++) {
            Cidr mine = Cidr.parse(subnets.get(i));
            for (String r : o.reserved()) {
                if (mine.overlaps(Cidr.parse(r))) {
                    problems.add(problem(spec, i == 0 ? "network.subnet" : "network.subnet6", subnets.get(i)
                            + " overlaps the operator's reserved range " + r + " (PID bbh.network); a subnet outside it was expected"));
                }
            }
        }
        return problems;
    }

    private static ValidationProblem problem(TenantSpec spec, String field, String expected) {
        return new ValidationProblem(spec.sourcePath(), 0, 0, spec.id(), field, expected);
    }
}
