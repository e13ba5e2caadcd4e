package bbh.runtime.launch;

import bbh.api.pipeline.Stage;
import bbh.api.status.StageState;
import bbh.api.status.TenantStatus;
import bbh.api.systemd.Machined;
import bbh.api.systemd.SystemdException;
import bbh.api.tenant.TenantSpec;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The summary's facts of each tenant: the backend its metadata names, and where it is reached —
 * the running machine's addresses as machined reports them, else the subnets it declares (in CIDR
 * notation, so a subnet never reads as an address), else {@code -}.
 */
final class SummaryFacts implements Function<String, StatusTable.Facts> {

    private final Map<String, TenantSpec> specs = new HashMap<>();
    private final Function<String, Optional<TenantStatus>> status;
    private final Machined machined;

    /**
     * @param specs the tenants in force
     * @param status each tenant's status
     * @param machined machined, or null when none is reachable (rendering into a folder)
     */
    SummaryFacts(Collection<TenantSpec> specs, Function<String, Optional<TenantStatus>> status, Machined machined) {
        specs.forEach(s -> this.specs.put(s.id(), s));
        this.status = status;
        this.machined = machined;
    }

    @Override
    public StatusTable.Facts apply(String id) {
        TenantSpec spec = specs.get(id);
        if (spec == null) {
            return StatusTable.Facts.UNKNOWN;
        }
        return new StatusTable.Facts(spec.backend() == null ? "-" : spec.backend(), address(spec));
    }

    private static boolean linkLocal(String address) {
        try {
            return InetAddress.getByName(address).isLinkLocalAddress();
        } catch (UnknownHostException notALiteral) {
            return false;
        }
    }

    private String address(TenantSpec spec) {
        boolean running = status.apply(spec.id())
                .map(s -> s.stage(Stage.VM_STARTED).state() == StageState.DONE)
                .orElse(false);
        if (running && machined != null) {
            try {
                // Link-local addresses say nothing about where the tenant is reached.
                List<String> found = machined.addresses(spec.id()).stream().filter(a -> !linkLocal(a)).toList();
                if (!found.isEmpty()) {
                    return String.join(",", found);
                }
            } catch (SystemdException unreachable) {
                // the declared subnets below still say where the tenant lives
            }
        }
        List<String> declared = new ArrayList<>();
        if (spec.network() != null) {
            if (spec.network().subnet() != null) {
                declared.add(spec.network().subnet());
            }
            if (spec.network().subnet6() != null) {
                declared.add(spec.network().subnet6());
            }
        }
        return declared.isEmpty() ? "-" : String.join(",", declared);
    }
}
