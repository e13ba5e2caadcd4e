package bbh.machine.shell;

import bbh.api.source.TenantRepository;
import bbh.api.status.PipelineStatus;
import bbh.api.status.TenantStatus;
import bbh.api.systemd.JobResult;
import bbh.api.systemd.MachineInfo;
import bbh.api.systemd.Machined;
import bbh.api.systemd.SystemdException;
import bbh.api.systemd.SystemdManager;
import bbh.api.tenant.TenantNames;
import bbh.api.tenant.TenantSpec;
import bbh.machine.stage.BackendCandidate;
import bbh.machine.stage.MachineStartedStage;
import bbh.tenant.console.TextTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Console commands in scope {@code bbh} for tenants' machines. They return values (a table's
 * {@code toString()} is its text); misuse gets one sentence. start, stop and restart act on
 * {@code tenant-vm@<id>.service} as systemctl would and wait for the job; they change no plan (a
 * commit does that).
 */
@Component(
        service = MachineCommands.class,
        property = {
            "osgi.command.scope=bbh",
            "osgi.command.function=machines",
            "osgi.command.function=start",
            "osgi.command.function=stop",
            "osgi.command.function=restart",
            "osgi.command.function=backend"
        })
public final class MachineCommands {

    static final String NO_SYSTEMD = "No systemd is reachable (PID bbh.systemd): machines cannot be started or stopped here.";
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(2);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile SystemdManager systemd;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Machined machined;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile MachineStartedStage stage;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile TenantRepository repository;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile PipelineStatus status;

    @Descriptor("lists the tenants' machines: backend, unit state, and what systemd-machined knows")
    public Object machines() {
        SystemdManager s = systemd;
        if (s == null) {
            return NO_SYSTEMD;
        }
        Map<String, MachineInfo> known = new TreeMap<>();
        Machined m = machined;
        if (m != null) {
            try {
                m.machines().forEach(i -> known.put(i.name(), i));
            } catch (SystemdException e) {
                return "systemd-machined cannot be asked: " + e.getMessage();
            }
        }
        Map<String, String> backends = specs().stream()
                .collect(Collectors.toMap(TenantSpec::id, TenantSpec::backend, (a, b) -> a, TreeMap::new));
        TreeSet<String> tenants = new TreeSet<>(backends.keySet());
        PipelineStatus st = status;
        if (st != null) {
            st.tenants().stream().filter(t -> !t.removed()).map(TenantStatus::tenantId).forEach(tenants::add);
        }
        List<MachineRow> rows = new ArrayList<>();
        for (String id : tenants) {
            String state;
            try {
                state = s.activeState(MachineStartedStage.unitOf(id));
            } catch (SystemdException e) {
                state = "unknown";
            }
            MachineInfo info = known.get(id);
            rows.add(new MachineRow(id, backends.getOrDefault(id, ""), state,
                    info == null ? "" : info.machineClass(), info == null ? 0 : info.leader()));
        }
        return new MachineTable(rows);
    }

    @Descriptor("starts a tenant's machine (tenant-vm@<id>.service) and waits for the job")
    public Object start(@Descriptor("tenant id") String tenantId) {
        return job(tenantId, "start", (s, unit) -> s.start(unit, JOB_TIMEOUT));
    }

    @Descriptor("stops a tenant's machine and waits for the job; the next commit of the tenant starts it again")
    public Object stop(@Descriptor("tenant id") String tenantId) {
        return job(tenantId, "stop", (s, unit) -> s.stop(unit, JOB_TIMEOUT));
    }

    @Descriptor("restarts a tenant's machine and waits for the job")
    public Object restart(@Descriptor("tenant id") String tenantId) {
        return job(tenantId, "restart", (s, unit) -> s.restart(unit, JOB_TIMEOUT));
    }

    @Descriptor("lists the machine backends present, best first per name; the chosen one is marked *")
    public Object backend() {
        MachineStartedStage st = stage;
        if (st == null) {
            return "The machine stage is not running (it needs a reachable systemd).";
        }
        return new BackendTable(st.backends(), name -> st.backendFor(name).map(BackendCandidate::serviceId).orElse(-1L));
    }

    @Descriptor("shows the backend a tenant names, the service that runs it, and the one whose plan is in force")
    public Object backend(@Descriptor("tenant id") String tenantId) {
        MachineStartedStage st = stage;
        if (st == null) {
            return "The machine stage is not running (it needs a reachable systemd).";
        }
        Optional<TenantSpec> spec = specs().stream().filter(t -> t.id().equals(tenantId)).findFirst();
        if (spec.isEmpty()) {
            return "No tenant '" + tenantId + "' is in force.";
        }
        String named = spec.get().backend();
        return new TenantBackend(tenantId, named, st.backendFor(named).orElse(null),
                st.backendInForce(tenantId).orElse(""));
    }

    private interface UnitJob {
        JobResult run(SystemdManager s, String unit) throws SystemdException;
    }

    private Object job(String tenantId, String verb, UnitJob job) {
        if (!TenantNames.isValidId(tenantId)) {
            return "'" + tenantId + "' is not a tenant id.";
        }
        SystemdManager s = systemd;
        if (s == null) {
            return NO_SYSTEMD;
        }
        String unit = MachineStartedStage.unitOf(tenantId);
        try {
            JobResult result = job.run(s, unit);
            return unit + ": " + verb + " job " + result.result() + ", now " + s.activeState(unit);
        } catch (SystemdException e) {
            return unit + ": " + verb + " failed: " + e.getMessage();
        }
    }

    private List<TenantSpec> specs() {
        TenantRepository r = repository;
        return r == null ? List.of() : r.tenants();
    }

    /** The rows of {@code bbh:machines}; prints as a table. */
    public record MachineTable(List<MachineRow> rows) {
        @Override
        public String toString() {
            TextTable t = new TextTable("TENANT", "BACKEND", "UNIT", "MACHINE", "LEADER");
            rows.forEach(r -> t.row(r.tenant(), r.backend(), r.unitState(), r.machineClass(),
                    r.leader() == 0 ? "" : r.leader()));
            return t.toString();
        }
    }

    /** The backends present; prints as a table with the chosen one per name marked. */
    public record BackendTable(List<BackendCandidate> backends, Function<String, Long> chosen) {
        @Override
        public String toString() {
            if (backends.isEmpty()) {
                return "No machine backend is present.\n";
            }
            TextTable t = new TextTable("NAME", "CHOSEN", "RANKING", "SERVICE", "BUNDLE");
            backends.forEach(b -> t.row(b.name(), chosen.apply(b.name()) == b.serviceId() ? "*" : "",
                    b.ranking(), b.serviceId(), b.bundle()));
            return t.toString();
        }
    }

    /** One tenant's backend: named, chosen, in force. */
    public record TenantBackend(String tenant, String named, BackendCandidate chosen, String inForce) {
        @Override
        public String toString() {
            return "tenant " + tenant + ": backend '" + named + "'"
                    + (chosen == null ? ", none installed" : ", run by service " + chosen.serviceId() + " of " + chosen.bundle())
                    + (inForce.isEmpty() ? "; no machine plan in force" : "; plan in force from '" + inForce + "'")
                    + "\n";
        }
    }
}
