package bbh.tenant.pipeline;

import bbh.api.pipeline.PipelineEvent;
import bbh.api.pipeline.PipelineTopics;
import bbh.api.pipeline.Stage;
import bbh.api.source.TenantRepository;
import bbh.api.stage.HostLayout;
import bbh.api.stage.MachineStage;
import bbh.api.stage.NetworkStage;
import bbh.api.stage.OverlayStage;
import bbh.api.stage.StageException;
import bbh.api.stage.StageSkippedException;
import bbh.api.stage.TenantStage;
import bbh.api.stage.TenantWork;
import bbh.api.stage.UnitsStage;
import bbh.api.status.PipelineStatus;
import bbh.api.status.StageState;
import bbh.api.status.TenantStatus;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves tenants through the stages after validation: on the event of stage N it calls the provider
 * of stage N+1 in the tenant's lane and posts that stage's event, or FAILED. It also keeps the
 * {@link PipelineStatus}.
 *
 * <p>Validation itself is done by the repository source, in one batch per commit, because its
 * cross-tenant rules (no shared subnet, VLAN or name) need every changed tenant at once.
 *
 * <p>Stage providers are dynamic, greedy references: a provider that leaves is replaced by the next
 * best without restarting the driver, and a provider that arrives picks up the tenants that stopped
 * before its stage for want of one. Selection rule: see {@code bbh.api.stage}.
 */
@Component(
        immediate = true,
        service = {EventHandler.class, PipelineStatus.class},
        property = EventConstants.EVENT_TOPIC + "=" + PipelineTopics.ALL,
        configurationPid = PipelineDriver.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class PipelineDriver implements EventHandler, PipelineStatus {

    /**
     * Configuration PID: lane threads, journal size, and the target filters of the stage providers
     * ({@code units.target}, {@code network.target}, {@code overlay.target}, {@code machine.target}),
     * which DS applies to the references of the same name.
     */
    public static final String PID = "bbh.pipeline";

    @ObjectClassDefinition(name = "bbh pipeline", description = "Drives tenants through the stages after validation")
    public @interface Config {
        @AttributeDefinition(description = "How many tenants may be worked on at once")
        int threads() default 8;

        @AttributeDefinition(description = "How many recent pipeline events bbh:events keeps")
        int journal() default 1000;

        @AttributeDefinition(description = "The last stage to run, by its id (e.g. units-written to render units alone); empty runs every stage")
        String until() default "";

    }

    private static final Logger LOG = LoggerFactory.getLogger(PipelineDriver.class);
    private static final long SHUTDOWN_GRACE_MILLIS = 30_000;

    private final Map<Stage, TenantStage> providers = new EnumMap<>(Stage.class);
    /** Per tenant: the newest generation that passed validation (or was removed). Older work is stale. */
    private final Map<String, Long> newestGeneration = new ConcurrentHashMap<>();
    /** Per tenant: the last stage event of its newest generation, to resume from when a provider arrives. */
    private final Map<String, PipelineEvent> lastReached = new ConcurrentHashMap<>();

    @Reference
    EventAdmin events;

    private volatile StatusBook book;
    private volatile TenantLanes lanes;
    private volatile HostLayout host = HostLayout.configured("/", "");
    /** The last stage to run: stages after it are left out, as configured by {@code until}. */
    private volatile Stage last;

    /**
     * Events that came before a repository source was bound: held, in order, and handled once one
     * is. Every pipeline event starts at the source, and its work is applied under the source's root
     * and state folder ({@link #bindSource}). The driver used to read them from PID bbh.source
     * itself, as a second configuration PID; after a bundle update of bbh.tenant, Felix SCR
     * activated it without that configuration and never delivered it, so the re-announced tenants
     * were applied under the default root {@code /}. Null once released.
     */
    private List<Event> held = new java.util.ArrayList<>();

    @Activate
    void activate(Config config) {
        book = new StatusBook(Math.max(10, config.journal()));
        last = lastStage(config.until());
        lanes = new TenantLanes(Math.max(1, config.threads()),
                (tenant, t) -> LOG.error("pipeline work for tenant {} crashed", tenant, t));
    }

    @Modified
    void modified(Config config) {
        last = lastStage(config.until());
    }

    /**
     * The repository source (RepositorySync, configured by PID bbh.source): its {@code root} and
     * {@code state} service properties (its configuration's) say where the work is applied.
     */
    @Reference(name = "source", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindSource(TenantRepository source, Map<String, Object> properties) {
        host = HostLayout.configured(text(properties.get("root"), "/"), text(properties.get("state"), ""));
        // Under the lock: an event arriving meanwhile waits, and is handled after the held ones.
        synchronized (this) {
            if (held != null && !held.isEmpty()) {
                LOG.info("handling {} pipeline events that came before the repository source", held.size());
                held.forEach(this::handleConfigured);
            }
            held = null;
        }
    }

    void updatedSource(TenantRepository source, Map<String, Object> properties) {
        host = HostLayout.configured(text(properties.get("root"), "/"), text(properties.get("state"), ""));
    }

    void unbindSource(TenantRepository source) {
        // Work in flight finishes under the host it began with; the next source brings its own.
    }

    private static String text(Object value, String otherwise) {
        return value == null || value.toString().isBlank() ? otherwise : value.toString();
    }

    /** The stage {@code until} names; the last one of all when it is blank or names none (said in the log). */
    private static Stage lastStage(String until) {
        Stage[] all = Stage.values();
        if (until == null || until.isBlank()) {
            return all[all.length - 1];
        }
        return Stage.ofId(until.strip()).orElseGet(() -> {
            LOG.error("{}: until: '{}' names no stage; every stage runs", PID, until);
            return all[all.length - 1];
        });
    }

    @Deactivate
    void deactivate() {
        lanes.shutdown(SHUTDOWN_GRACE_MILLIS);
    }


    // ---- stage providers -------------------------------------------------------------------

    @Reference(name = "units", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindUnits(UnitsStage s) {
        provide(Stage.UNITS_WRITTEN, s);
    }

    void unbindUnits(UnitsStage s) {
        withdraw(Stage.UNITS_WRITTEN, s);
    }

    @Reference(name = "network", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindNetwork(NetworkStage s) {
        provide(Stage.NETWORK_UP, s);
    }

    void unbindNetwork(NetworkStage s) {
        withdraw(Stage.NETWORK_UP, s);
    }

    @Reference(name = "overlay", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindOverlay(OverlayStage s) {
        provide(Stage.OVERLAY_MOUNTED, s);
    }

    void unbindOverlay(OverlayStage s) {
        withdraw(Stage.OVERLAY_MOUNTED, s);
    }

    @Reference(name = "machine", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindMachine(MachineStage s) {
        provide(Stage.VM_STARTED, s);
    }

    void unbindMachine(MachineStage s) {
        withdraw(Stage.VM_STARTED, s);
    }

    private void provide(Stage stage, TenantStage provider) {
        synchronized (providers) {
            providers.put(stage, provider);
        }
        resumeBefore(stage);
    }

    private void withdraw(Stage stage, TenantStage provider) {
        synchronized (providers) {
            // DS binds the replacement before unbinding the old one: keep the replacement.
            providers.remove(stage, provider);
        }
    }

    private Optional<TenantStage> provider(Stage stage) {
        synchronized (providers) {
            return Optional.ofNullable(providers.get(stage));
        }
    }

    /** A provider of {@code stage} arrived: tenants that stopped before it for want of one go on. */
    private void resumeBefore(Stage stage) {
        StatusBook b = book;
        TenantLanes l = lanes;
        if (b == null || l == null) {
            return; // bound before activation: nothing has run yet
        }
        for (PipelineEvent reached : lastReached.values()) {
            if (reached.stage() != null && reached.stage().next().orElse(null) == stage) {
                b.tenant(reached.tenantId())
                        .filter(t -> t.stage(stage).state() == StageState.ABSENT)
                        .ifPresent(t -> l.submit(reached.tenantId(), () -> drive(stage, reached)));
            }
        }
    }

    // ---- events ----------------------------------------------------------------------------

    @Override
    public void handleEvent(Event event) {
        synchronized (this) {
            if (held != null) {
                held.add(event);
                return;
            }
        }
        handleConfigured(event);
    }

    private void handleConfigured(Event event) {
        PipelineEvent e;
        try {
            e = PipelineEvent.of(event);
        } catch (IllegalArgumentException notOurs) {
            LOG.warn("ignoring malformed pipeline event: {}", notOurs.getMessage());
            return;
        }
        // EventAdmin blacklists slow handlers: only record and queue here, the work runs in the lane.
        book.record(e);
        String id = e.tenantId();
        if (e.isRemoval()) {
            newestGeneration.merge(id, e.generation(), Math::max);
            lastReached.remove(id);
            lanes.submit(id, () -> removeEverywhere(e));
            return;
        }
        if (e.isFailure() || e.stage() == null || e.stage() == Stage.REPO_CHANGED) {
            return;
        }
        if (e.stage() == Stage.VALIDATED) {
            newestGeneration.merge(id, e.generation(), Math::max);
        }
        if (isStale(e)) {
            return;
        }
        lastReached.put(id, e);
        e.stage().next().ifPresent(next -> lanes.submit(id, () -> drive(next, e)));
    }

    private boolean isStale(PipelineEvent e) {
        return newestGeneration.getOrDefault(e.tenantId(), Long.MIN_VALUE) > e.generation();
    }

    /** Runs {@code stage} for the tenant of {@code input}, in the tenant's lane. */
    private void drive(Stage stage, PipelineEvent input) {
        if (isStale(input)) {
            return; // a newer valid commit of this tenant is on its way through the pipeline
        }
        if (stage.compareTo(last) > 0) {
            book.absent(stage, input, "left out: the pipeline is configured to stop after " + last.id());
            return;
        }
        Optional<TenantStage> provider = provider(stage);
        if (provider.isEmpty()) {
            book.absent(stage, input, "no bundle on this host provides the " + stage.id() + " stage");
            return;
        }
        if (input.spec() == null) {
            post(input.failAt(stage, "internal: the " + input.stage().id() + " event carried no tenant spec"));
            return;
        }
        book.running(stage, input);
        try {
            provider.get().apply(new TenantWork(input.spec(), input.commit(), input.generation(), host));
            post(input.advanceTo(stage));
        } catch (StageSkippedException skipped) {
            // Not a failure and no stage event: the tenant is where it asked to be.
            book.skipped(stage, input, skipped.getMessage());
        } catch (StageException failed) {
            post(input.failAt(stage, failed.getMessage()));
        } catch (RuntimeException crashed) {
            LOG.error("stage {} crashed for tenant {}", stage.id(), input.tenantId(), crashed);
            post(input.failAt(stage, "stage " + stage.id() + " crashed: " + crashed));
        }
    }

    /** Undoes every present stage for a removed tenant, last stage first. */
    private void removeEverywhere(PipelineEvent removal) {
        if (isStale(removal)) {
            return; // the tenant came back in a newer commit
        }
        List<Stage> order = List.of(Stage.VM_STARTED, Stage.OVERLAY_MOUNTED, Stage.NETWORK_UP, Stage.UNITS_WRITTEN);
        for (Stage stage : order) {
            Optional<TenantStage> provider = provider(stage);
            if (provider.isEmpty()) {
                continue;
            }
            try {
                provider.get().remove(removal.tenantId(), host);
            } catch (StageException | RuntimeException e) {
                LOG.error("stage {} could not remove tenant {}", stage.id(), removal.tenantId(), e);
                post(PipelineEvent.failed(stage, removal.tenantId(), removal.commit(), removal.generation(), null,
                        "removing the tenant failed at " + stage.id() + ": " + e.getMessage()));
            }
        }
        book.removed(removal.tenantId(), removal.generation());
    }

    private void post(PipelineEvent e) {
        events.postEvent(e.toEvent());
    }

    /** True when no tenant has stage work queued or running. */
    boolean idle() {
        return lanes.idle();
    }

    // ---- PipelineStatus ----------------------------------------------------------------------

    @Override
    public List<TenantStatus> tenants() {
        return book.tenants();
    }

    @Override
    public Optional<TenantStatus> tenant(String tenantId) {
        return book.tenant(tenantId);
    }

    @Override
    public List<PipelineEvent> recentEvents(int max) {
        return book.recentEvents(max);
    }
}
