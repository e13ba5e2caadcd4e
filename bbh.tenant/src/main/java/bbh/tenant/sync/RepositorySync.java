package bbh.tenant.sync;

import bbh.api.pipeline.PipelineEvent;
import bbh.api.source.RepositoryContent;
import bbh.api.source.RepositoryFiles;
import bbh.api.source.SourceTopics;
import bbh.api.source.SyncReport;
import bbh.api.source.TenantRepository;
import bbh.api.stage.HostLayout;
import bbh.api.tenant.RepositoryRule;
import bbh.api.tenant.TenantRule;
import bbh.api.tenant.TenantSpec;
import bbh.api.tenant.ValidationProblem;
import bbh.tenant.source.RepositorySource;
import bbh.tenant.validate.RepositoryRules;
import bbh.tenant.validate.RuleRegistry;
import bbh.tenant.validate.TenantValidation;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tenant repository bbh follows, configured by PID {@value #PID}: synchronises once at start,
 * then every {@code interval} seconds and whenever {@link #sync()} is called.
 */
@Component(immediate = true, configurationPid = RepositorySync.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = RepositorySync.Config.class)
public final class RepositorySync implements TenantRepository, RepositoryContent {

    /** Configuration PID of the repository source. */
    public static final String PID = "bbh.source";

    @ObjectClassDefinition(name = "bbh tenant repository", description = "The git-ops source bbh follows")
    public @interface Config {
        @AttributeDefinition(description = "A folder, a local git repository, or a URL git can fetch")
        String location();

        @AttributeDefinition(description = "Branch to follow; empty for the repository's HEAD branch")
        String branch() default "";

        @AttributeDefinition(description = "Seconds between fetches; 0 fetches only on demand (bbh:sync)")
        int interval() default 60;

        @AttributeDefinition(description = "Host root prefix everything is written under")
        String root() default "/";

        @AttributeDefinition(description = "bbh's state folder; empty for <root>/var/lib/bbh")
        String state() default "";
    }

    private static final Logger LOG = LoggerFactory.getLogger(RepositorySync.class);

    @Reference
    private EventAdmin events;

    /**
     * The pipeline driver (its status service): the source starts only once it is registered, so
     * the tenants it re-announces at start (reconcile) reach a driver. EventAdmin delivers an event
     * only to handlers present when it is posted; after a bundle update of bbh.tenant DS may
     * otherwise start the source first, and those announcements were lost.
     */
    @Reference
    private bbh.api.status.PipelineStatus pipeline;

    private final RuleRegistry rules = new RuleRegistry();

    /** The checks stage bundles add: bound and unbound while running, read at every step. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addRule(TenantRule rule, Map<String, Object> properties) {
        rules.add(rule, properties);
    }

    void removeRule(TenantRule rule, Map<String, Object> properties) {
        rules.remove(rule, properties);
    }

    private final RepositoryRules repositoryRules = new RepositoryRules();

    /** The checks of the operator-wide part (top extensions/): bound and unbound while running. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addRepositoryRule(RepositoryRule rule, Map<String, Object> properties) {
        repositoryRules.add(rule, properties);
    }

    void removeRepositoryRule(RepositoryRule rule, Map<String, Object> properties) {
        repositoryRules.remove(rule, properties);
    }

    /** The commit last announced on {@link SourceTopics#COMMIT_APPLIED}; only the sync thread uses it. */
    private String announced;

    private String location;
    private RepositorySource source;
    private TenantSync sync;
    private ScheduledExecutorService timer;
    private volatile SyncReport last;

    @Activate
    void activate(Config config) throws IOException {
        HostLayout host = HostLayout.configured(config.root(), config.state());
        location = config.location();
        source = new RepositorySource(config.location(), config.branch(), host.bbhState());
        sync = new TenantSync(source, TenantValidation.shared(), new AppliedState(host.bbhState()),
                e -> events.postEvent(e.toEvent()), rules::current, repositoryRules::current);
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bbh-sync");
            t.setDaemon(true);
            return t;
        });
        // Start-up must not wait for a fetch: the first step runs on the timer's thread.
        timer.execute(sync::reconcile);
        if (config.interval() > 0) {
            timer.scheduleWithFixedDelay(this::stepQuietly, 0, config.interval(), TimeUnit.SECONDS);
        } else {
            timer.execute(this::stepQuietly);
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(30, TimeUnit.SECONDS);
        source.close();
    }


    private void stepQuietly() {
        try {
            step();
        } catch (RuntimeException e) {
            LOG.error("synchronisation with {} crashed", location, e);
        }
    }

    /** One step at a time: the timer and bbh:sync may ask together. */
    private synchronized SyncReport step() {
        SyncReport report = sync.step();
        last = report;
        if (report.ok() && report.commit() != null && !report.commit().equals(announced)) {
            announced = report.commit();
            events.postEvent(new Event(SourceTopics.COMMIT_APPLIED,
                    Map.of(SourceTopics.COMMIT, report.commit(), SourceTopics.GENERATION, report.generation())));
        }
        if (!report.ok()) {
            LOG.warn("tenant repository {}: {} (retrying later; nothing was changed)", location, report.error());
        } else if (!report.changed().isEmpty() || !report.removed().isEmpty()) {
            LOG.info("commit {}: {} changed, {} removed, {} problems", report.commit(), report.changed().size(),
                    report.removed().size(), report.problems().size());
        }
        // Reported once, with the commit that brought them; no tenant event carries them.
        report.problems().stream().filter(ValidationProblem::operatorWide).forEach(p -> LOG.warn(
                "commit {}: {} (no tenant is affected; what the host merged stays)", report.commit(), p));
        return report;
    }

    @Override
    public SyncReport sync() {
        try {
            return timer.submit(this::step).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while synchronising", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("synchronisation failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public Optional<SyncReport> lastSync() {
        return Optional.ofNullable(last);
    }

    @Override
    public synchronized List<TenantSpec> tenants() {
        return sync.inForce();
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public Optional<RepositoryFiles> at(String commit) throws IOException {
        return source.filesAt(commit);
    }

}
