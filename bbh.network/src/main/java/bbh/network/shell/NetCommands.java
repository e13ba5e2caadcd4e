package bbh.network.shell;

import bbh.api.source.TenantRepository;
import bbh.api.systemd.NetworkLink;
import bbh.api.systemd.Networkd;
import bbh.api.systemd.SystemdException;
import bbh.api.tenant.TenantSpec;
import bbh.network.TenantLinks;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * {@code bbh:net [id]}: the tenants' links, addresses and states as networkd reports them. Returns a
 * {@link LinkTable} (its rows are {@link NetworkLink}s, usable in pipes); misuse gets one sentence.
 */
@Component(service = NetCommands.class, property = {"osgi.command.scope=bbh", "osgi.command.function=net"})
public final class NetCommands {

    static final String NO_NETWORKD = "networkd is not reachable (no bus configured in PID bbh.systemd, or networkd does"
            + " not run): the network stage only writes files.";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Networkd networkd;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile TenantRepository repository;

    @Descriptor("shows every tenant's links as networkd reports them")
    public Object net() throws SystemdException {
        Networkd n = networkd;
        TenantRepository r = repository;
        if (n == null) {
            return NO_NETWORKD;
        }
        if (r == null) {
            return "No tenant repository is configured: start with 'bin/bbh run --repo REPO' or set PID bbh.source.";
        }
        List<LinkTable.Row> rows = new ArrayList<>();
        for (TenantSpec s : r.tenants()) {
            rows.addAll(rows(n, s));
        }
        return new LinkTable(rows);
    }

    @Descriptor("shows one tenant's links as networkd reports them")
    public Object net(@Descriptor("tenant id") String tenantId) throws SystemdException {
        Networkd n = networkd;
        TenantRepository r = repository;
        if (n == null) {
            return NO_NETWORKD;
        }
        Optional<TenantSpec> spec = r == null ? Optional.empty()
                : r.tenants().stream().filter(s -> s.id().equals(tenantId)).findFirst();
        if (spec.isEmpty()) {
            return "No tenant '" + tenantId + "' is in force.";
        }
        if (spec.get().network() == null) {
            return "Tenant " + tenantId + " has no network.";
        }
        return new LinkTable(rows(n, spec.get()));
    }

    private static List<LinkTable.Row> rows(Networkd n, TenantSpec s) throws SystemdException {
        List<LinkTable.Row> rows = new ArrayList<>();
        for (String link : TenantLinks.of(s)) {
            rows.add(new LinkTable.Row(s.id(), link, n.link(link).orElse(null)));
        }
        return rows;
    }
}
