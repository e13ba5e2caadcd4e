package bbh.runtime.launch;

import java.io.IOException;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.event.EventAdmin;

/**
 * Turns the launch properties bin/bbh sets ({@code bbh.repo}, {@code bbh.branch}, {@code bbh.root},
 * {@code bbh.state}, {@code bbh.interval}) into the configuration {@code bbh.source} that the tenant
 * repository component requires. Without {@code bbh.repo} it leaves configuration alone, so a
 * runtime configured some other way (the console, a file) keeps its settings.
 */
@Component(immediate = true)
public final class LaunchConfiguration {

    /**
     * Bound to no bundle in particular ({@code ?}, multi-location): the configuration is made by this
     * bundle but consumed by bbh.tenant's component. A plain getConfiguration(pid) would bind it to
     * this bundle and bbh.tenant would never see it.
     */
    static final String ANY_BUNDLE = "?";

    /** How long the configuration waits for the runtime to settle (see RuntimeSettled) before it is made anyway. */
    static final Duration SETTLE_WAIT = Duration.ofSeconds(10);

    /** bbh.tenant's pipeline driver: its configuration PID and the key of the last stage to run. */
    static final String PIPELINE_PID = "bbh.pipeline";
    static final String PIPELINE_UNTIL = "until";

    /** How long the operator's configuration may take to be in effect, in all. */
    static final Duration OPERATOR_WAIT = Duration.ofSeconds(20);

    /** How long the configuration waits for systemd to answer on {@link LaunchProperties#BUS}. */
    static final Duration SYSTEMD_WAIT = Duration.ofSeconds(30);

    @Reference
    private ConfigurationAdmin configurationAdmin;

    @Reference
    private EventAdmin eventAdmin;

    @Reference
    private ServiceComponentRuntime scr;

    private volatile Thread worker;

    @Activate
    void activate(BundleContext context) throws UsageException {
        Optional<Map<String, Object>> properties = SourceConfiguration.from(context::getProperty);
        String folder = SourceConfiguration.value(context::getProperty, LaunchProperties.CONFIG);
        List<OperatorConfiguration.Entry> operator;
        try {
            operator = folder == null
                    ? List.of()
                    : OperatorConfiguration.read(Locations.absolutePath(folder, SourceConfiguration.cwd(context::getProperty)));
        } catch (UsageException e) {
            // Nothing is configured, the repository not followed: a host half configured is worse
            // than one that waits for its operator. The batch commands report the same and stop.
            System.err.println("bbh: " + e.getMessage() + "; nothing configured");
            return;
        }
        if (properties.isEmpty() && operator.isEmpty()) {
            return;
        }
        // The wait for the runtime to settle happens off the activating thread: that thread is the
        // framework's start-level thread, whose work the wait is for.
        Thread t = new Thread(() -> configure(context, operator, properties), "bbh-launch-configuration");
        worker = t;
        t.start();
    }

    @Deactivate
    void deactivate() {
        Thread t = worker;
        if (t != null) {
            t.interrupt();
        }
    }

    private void configure(BundleContext context, List<OperatorConfiguration.Entry> operator,
            Optional<Map<String, Object>> properties) {
        try {
            if (!RuntimeSettled.await(context, eventAdmin, SETTLE_WAIT)) {
                System.err.println("bbh: the runtime did not settle within " + SETTLE_WAIT.toSeconds()
                        + " s; the first pipeline events may be lost");
            }
            // The operator's files first: the command line's values below are added to them.
            OperatorConfiguration.apply(scr, configurationAdmin, operator, OPERATOR_WAIT);
            // A validate batch waits for this: the rules it runs must see the operator's values.
            context.registerService(Configured.class, new Configured(), null);
            String until = SourceConfiguration.value(context::getProperty, LaunchProperties.UNTIL);
            if (until != null) {
                Configuration pipeline = configurationAdmin.getConfiguration(PIPELINE_PID, ANY_BUNDLE);
                pipeline.updateIfDifferent(with(pipeline, PIPELINE_UNTIL, until));
            }
            String bus = SourceConfiguration.value(context::getProperty, LaunchProperties.BUS);
            if (bus != null) {
                SystemdConfiguration.connect(context, configurationAdmin, bus, SYSTEMD_WAIT);
            }
            if (properties.isPresent()) {
                Configuration c = configurationAdmin.getConfiguration(SourceConfiguration.PID, ANY_BUNDLE);
                // Same values, no update: the repository component is not restarted for nothing.
                c.updateIfDifferent(new Hashtable<>(properties.get()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | IllegalStateException e) {
            // IllegalStateException: the framework stopped meanwhile.
            System.err.println("bbh: cannot configure the runtime: " + e.getMessage());
        }
    }

    /** The configuration's current properties (none when new) with {@code key} set to {@code value}. */
    static Hashtable<String, Object> with(Configuration c, String key, Object value) {
        Hashtable<String, Object> p = new Hashtable<>();
        Dictionary<String, Object> current = c.getProperties();
        if (current != null) {
            for (Enumeration<String> keys = current.keys(); keys.hasMoreElements();) {
                String k = keys.nextElement();
                p.put(k, current.get(k));
            }
        }
        p.put(key, value);
        return p;
    }
}
