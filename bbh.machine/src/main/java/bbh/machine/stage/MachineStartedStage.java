package bbh.machine.stage;

import bbh.api.stage.HostLayout;
import bbh.api.stage.MachineBackend;
import bbh.api.stage.MachinePlan;
import bbh.api.stage.MachineStage;
import bbh.api.stage.StageException;
import bbh.api.stage.StageSkippedException;
import bbh.api.stage.TenantWork;
import bbh.api.systemd.JobResult;
import bbh.api.systemd.MachineInfo;
import bbh.api.systemd.Machined;
import bbh.api.systemd.SystemdException;
import bbh.api.systemd.SystemdManager;
import bbh.api.tenant.TenantSpec;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The vm-started stage. For each tenant it picks the machine backend its metadata names
 * ({@link BackendChoice}: ranking, then service id, among services passing {@code backends.target}),
 * asks it for the machine's {@link MachinePlan}, writes the plan ({@link MachineFiles}: atomically,
 * recorded, its drop-in a snapshot that machine-generator brings back at boot), reloads systemd when
 * anything changed, then starts {@code tenant-vm@<id>.service} (restarts it when it ran and the
 * plan changed; a plan that did not change never restarts a machine), follows the job to its end,
 * and confirms that the unit is active and that systemd-machined knows a machine named after the
 * tenant. Otherwise the tenant fails with systemd's reason ({@link StartFailure}).
 *
 * <p>The stage needs a running systemd: it is registered only while a {@link SystemdManager} and a
 * {@link Machined} are (mandatory dynamic references), so when bbh renders into a folder vm-started is absent, and no
 * tenant is reported started that was not. Backends come and go without restarting it; a backend
 * that leaves stops nothing: its tenants' machines keep running on their last plan.
 */
@Component(service = {MachineStage.class, MachineStartedStage.class}, immediate = true,
        configurationPid = MachineStartedStage.PID)
@Designate(ocd = MachineStartedStage.Config.class)
public final class MachineStartedStage implements MachineStage {

    /** Configuration PID. */
    public static final String PID = "bbh.machine";

    @ObjectClassDefinition(name = "bbh machine stage", description = "Starts tenants' machines through their backends")
    public @interface Config {
        @AttributeDefinition(description = "LDAP filter narrowing the MachineBackend services considered, "
                + "e.g. (!(bbh.backend.vendor=acme)); the default takes every service with a name")
        String backends_target() default "(" + MachineBackend.NAME + "=*)";

        @AttributeDefinition(description = "Seconds a start or restart job may take")
        int startTimeout() default 120;

        @AttributeDefinition(description = "Seconds a stop job may take")
        int stopTimeout() default 120;

        @AttributeDefinition(description = "Journal lines of the machine's unit quoted in a failure's reason")
        int journalLines() default 10;

        @AttributeDefinition(description = "Seconds a tenant waits for its backend when none of that name is present "
                + "(a backend bundle being updated comes back within milliseconds) before it fails")
        int backendGrace() default 5;
    }

    private static final Set<String> RUNNING = Set.of("active", "activating", "reloading");

    private final BackendChoice choice = new BackendChoice();

    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile SystemdManager systemd;

    /** Mandatory too: a machine is confirmed by machined, so without it the stage cannot end a work. */
    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile Machined machined;

    private volatile Duration startTimeout = Duration.ofSeconds(120);
    private volatile Duration stopTimeout = Duration.ofSeconds(120);
    private volatile int journalLines = 10;
    private volatile Duration backendGrace = Duration.ofSeconds(5);
    /** The host of the last work, for the console's questions about machines in force. */
    private volatile HostLayout lastHost;

    @Activate
    @Modified
    void configure(Config config) {
        startTimeout = Duration.ofSeconds(Math.max(1, config.startTimeout()));
        stopTimeout = Duration.ofSeconds(Math.max(1, config.stopTimeout()));
        journalLines = Math.max(0, config.journalLines());
        backendGrace = Duration.ofSeconds(Math.max(0, config.backendGrace()));
    }

    @Reference(name = "backends", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addBackend(MachineBackend backend, ServiceReference<MachineBackend> reference) {
        choice.add(BackendChoice.candidate(backend, properties(reference), reference.getBundle() == null
                ? "" : reference.getBundle().getSymbolicName()));
    }

    /**
     * Set when DS deactivates this instance (a bundle update of bbh.machine, a lost SystemdManager):
     * DS then unbinds every backend from it, though none of them left. Work that began here finishes
     * here on the backends it knew, so those unbinds are not taken as backends leaving.
     */
    private volatile boolean retiring;

    @org.osgi.service.component.annotations.Deactivate
    void deactivate() {
        retiring = true;
    }

    void removeBackend(ServiceReference<MachineBackend> reference) {
        if (retiring) {
            return;
        }
        Object id = reference.getProperty("service.id");
        if (id instanceof Number n) {
            choice.remove(n.longValue());
        }
    }

    /** For tests, outside DS: a backend with these service properties. */
    void backendForTest(MachineBackend backend, Map<String, Object> properties) {
        choice.add(BackendChoice.candidate(backend, properties, "test"));
    }

    @Override
    public void apply(TenantWork work) throws StageException {
        TenantSpec spec = work.spec();
        String id = spec.id();
        HostLayout host = work.host();
        lastHost = host;
        // Both taken once: a work that began finishes on them even if this component is being
        // replaced (a bundle update) meanwhile.
        SystemdManager s = requireSystemd();
        Machined m = machined;
        String unit = MachineUnit.of(id);
        if (!spec.enabled()) {
            stop(s, unit);
            throw new StageSkippedException("tenant " + id + " is disabled (enabled: false): its machine is stopped, not started");
        }
        BackendCandidate chosen = awaitBackend(spec.backend()).orElseThrow(() -> new StageException(
                "no machine backend '" + spec.backend() + "' is installed (a MachineBackend service with "
                        + MachineBackend.NAME + "=" + spec.backend() + ", passing " + PID + "'s backends.target); present: "
                        + (choice.names().isEmpty() ? "none" : String.join(", ", choice.names()))));
        MachinePlan plan = plan(chosen, work);
        // A backend that left while it planned (its bundle being updated or stopped) may have lost its
        // references half-way (nspawn: the operator's grants), so its plan is not used: the next
        // backend of the name plans again. DS removes a service from the stage before it tears the
        // component down, so a plan made on a torn-down instance is always caught here.
        for (int attempt = 0; !choice.present(chosen.serviceId()) && attempt < 3; attempt++) {
            chosen = awaitBackend(spec.backend()).orElseThrow(() -> new StageException("the machine backend '"
                    + spec.backend() + "' left while it planned tenant " + id + ", and none of that name came back"));
            plan = plan(chosen, work);
        }
        MachineFiles.Written written;
        try {
            written = files(host, true).write(spec, work.commit(), work.generation(), chosen.name(), plan);
        } catch (IOException e) {
            throw new StageException("writing the machine of tenant " + id + " failed: " + e, e);
        }
        try {
            if (written.reload()) {
                s.reload();
            }
            boolean running = RUNNING.contains(s.activeState(unit));
            JobResult job = written.machine() && running ? s.restart(unit, startTimeout) : s.start(unit, startTimeout);
            if (!job.done()) {
                throw new StageException(StartFailure.describe(unit, StartFailure.job(job), s,
                        JournalTail.of(host, unit, journalLines)));
            }
            String state = s.activeState(unit);
            if (!"active".equals(state)) {
                throw new StageException(StartFailure.describe(unit, "its start job ended but the unit is " + state, s,
                        JournalTail.of(host, unit, journalLines)));
            }
            // Only now is the machine known to run on the plan just written (MachineFiles: restart-pending).
            files(host, true).startedOnPlan(id);
        } catch (IOException e) {
            throw new StageException("the machine of tenant " + id + " runs, but clearing its restart mark failed: " + e, e);
        } catch (SystemdException e) {
            throw new StageException("systemd could not start the machine of tenant " + id + ": " + e.getMessage(), e);
        }
        confirmRegistered(m, id, unit, chosen.name());
    }

    @Override
    public void remove(String tenantId, HostLayout host) throws StageException {
        SystemdManager s = systemd;
        if (s != null) {
            stop(s, MachineUnit.of(tenantId));
        }
        try {
            boolean dropIns = files(host, s != null).remove(tenantId);
            if (dropIns && s != null) {
                s.reload();
            }
        } catch (IOException e) {
            throw new StageException("removing the machine files of tenant " + tenantId + " failed: " + e, e);
        } catch (SystemdException e) {
            throw new StageException("systemd did not reload after removing the machine of tenant " + tenantId
                    + ": " + e.getMessage(), e);
        }
    }

    private Optional<BackendCandidate> awaitBackend(String name) throws StageException {
        try {
            return choice.await(name, backendGrace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StageException("interrupted while waiting for the machine backend '" + name + "'", e);
        }
    }

    /** Every backend present, by name, best first: for the console. */
    public List<BackendCandidate> backends() {
        return choice.all();
    }

    /** The backend that would run a tenant naming {@code name}. */
    public Optional<BackendCandidate> backendFor(String name) {
        return choice.pick(name);
    }

    /** The backend whose plan is in force for the tenant, as recorded; empty when none or unknown. */
    public Optional<String> backendInForce(String tenantId) {
        HostLayout host = lastHost;
        if (host == null) {
            return Optional.empty();
        }
        try {
            return files(host, false).backend(tenantId);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The unit a tenant's machine runs in. */
    public static String unitOf(String tenantId) {
        return MachineUnit.of(tenantId);
    }

    private static MachinePlan plan(BackendCandidate chosen, TenantWork work) throws StageException {
        String id = work.spec().id();
        try {
            Optional<String> unsupported = chosen.backend().unsupportedReason(work.spec(), work.host());
            if (unsupported.isPresent()) {
                throw new StageException("the machine backend '" + chosen.name() + "' cannot run tenant " + id
                        + " on this host: " + unsupported.get());
            }
            return chosen.backend().plan(work);
        } catch (RuntimeException crashed) {
            throw new StageException("the machine backend '" + chosen.name() + "' (" + chosen.bundle()
                    + ") failed on tenant " + id + ": " + crashed, crashed);
        }
    }

    private static void confirmRegistered(Machined m, String id, String unit, String backend) throws StageException {
        if (m == null) {
            throw new StageException(unit + " is active, but systemd-machined cannot be asked whether it knows machine "
                    + id + " (no Machined service: is bbh.systemd configured?)");
        }
        Optional<MachineInfo> info;
        try {
            info = m.machine(id);
        } catch (SystemdException e) {
            throw new StageException(unit + " is active, but systemd-machined could not be asked about machine " + id
                    + ": " + e.getMessage(), e);
        }
        if (info.isEmpty()) {
            throw new StageException(unit + " is active, but systemd-machined knows no machine named " + id
                    + ": the '" + backend + "' backend's machine did not register (it must run with --machine=" + id + ")");
        }
    }

    private void stop(SystemdManager s, String unit) throws StageException {
        try {
            JobResult job = s.stop(unit, stopTimeout);
            if (!job.done()) {
                throw new StageException(unit + " did not stop: job " + job.result());
            }
        } catch (SystemdException e) {
            throw new StageException("systemd could not stop " + unit + ": " + e.getMessage(), e);
        }
    }

    private SystemdManager requireSystemd() throws StageException {
        SystemdManager s = systemd;
        if (s == null) {
            // Only between the manager's leaving and DS unregistering this stage.
            throw new StageException("no systemd is reachable (PID bbh.systemd): the machine was not started");
        }
        return s;
    }

    private static MachineFiles files(HostLayout host, boolean durable) {
        return new MachineFiles(host, durable);
    }

    private static Map<String, Object> properties(ServiceReference<?> reference) {
        java.util.HashMap<String, Object> p = new java.util.HashMap<>();
        for (String key : reference.getPropertyKeys()) {
            p.put(key, reference.getProperty(key));
        }
        return p;
    }
}
