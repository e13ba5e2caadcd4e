package bbh.runtime.launch;

import bbh.api.pipeline.PipelineEvent;
import bbh.api.pipeline.PipelineTopics;
import bbh.api.source.TenantRepository;
import bbh.api.status.PipelineStatus;
import bbh.api.systemd.Machined;
import bbh.api.tenant.TenantValidator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The batch mode of {@code bin/bbh validate} and {@code bin/bbh render}: when the launch property
 * {@code bbh.batch} names a command, runs it on its own thread, writes its exit code to the file
 * {@code bbh.exit.file} names and stops the framework. Without {@code bbh.batch} it does nothing.
 *
 * <p>The exit code travels through a file because the aQute launcher exits with its own code (117)
 * when the framework is stopped from inside; bin/bbh reads the file and exits with the command's.
 * This is the command line, so it prints to stdout and stderr.
 */
@Component(immediate = true)
public final class BatchRunner {

    /** How long a batch command waits for the services it needs: they come with the bundles' start. */
    static final Duration SERVICE_WAIT = Duration.ofSeconds(30);

    private final PrintStream out = System.out;
    private final PrintStream err = System.err;
    private volatile Thread worker;

    @Activate
    void activate(BundleContext context) {
        if (SourceConfiguration.value(context::getProperty, LaunchProperties.BATCH) == null) {
            return;
        }
        Thread t = new Thread(() -> runAndStop(context), "bbh-batch");
        worker = t;
        t.start();
    }

    @Deactivate
    void deactivate() {
        Thread t = worker;
        if (t != null && t != Thread.currentThread()) {
            t.interrupt();
        }
    }

    private void runAndStop(BundleContext context) {
        ExitCode code;
        try {
            code = run(context, BatchCommand.parse(context::getProperty));
        } catch (UsageException e) {
            err.println("bbh: " + e.getMessage());
            code = ExitCode.ERROR;
        } catch (InterruptedException e) {
            err.println("bbh: interrupted: the runtime is stopping");
            code = ExitCode.ERROR;
        } catch (RuntimeException e) {
            err.println("bbh: " + e);
            code = ExitCode.ERROR;
        }
        out.flush();
        err.flush();
        writeExitCode(context, code);
        stopFramework(context);
    }

    private ExitCode run(BundleContext context, BatchCommand command) throws InterruptedException, UsageException {
        // A malformed operator file stops LaunchConfiguration, which then never signals: say why
        // now rather than after the wait for it.
        String config = SourceConfiguration.value(context::getProperty, LaunchProperties.CONFIG);
        if (config != null) {
            OperatorConfiguration.read(Locations.absolutePath(config, SourceConfiguration.cwd(context::getProperty)));
        }
        if (command instanceof BatchCommand.Validate v) {
            // The checks that stage bundles add (TenantRule and RepositoryRule services) are registered by Declarative
            // Services as each bundle starts, synchronously: once every bundle was started, all of
            // them are there, and validating then runs them all, whichever thread got here first.
            if (!RuntimeSettled.startLevelReached(context, System.nanoTime() + SERVICE_WAIT.toNanos())) {
                err.println("bbh: the bundles did not all start within " + SERVICE_WAIT.toSeconds()
                        + " s; not validating with only some of the checks");
                return ExitCode.ERROR;
            }
            // With an operator configuration, the rules must see it: wait until it is in effect.
            if (SourceConfiguration.value(context::getProperty, LaunchProperties.CONFIG) != null) {
                try (Tracked<Configured> configured = Tracked.await(context, Configured.class,
                        LaunchConfiguration.OPERATOR_WAIT.plus(SERVICE_WAIT), err)) {
                    if (configured == null) {
                        return ExitCode.ERROR;
                    }
                }
            }
            try (Tracked<TenantValidator> validator = Tracked.await(context, TenantValidator.class, SERVICE_WAIT, err)) {
                return validator == null ? ExitCode.ERROR : ValidateBatch.run(validator.service(), v.location(), out, err);
            }
        }
        BatchCommand.Render r = (BatchCommand.Render) command;
        try (Tracked<TenantRepository> repository = Tracked.await(context, TenantRepository.class, SERVICE_WAIT, err);
                Tracked<PipelineStatus> status = repository == null
                        ? null
                        : Tracked.await(context, PipelineStatus.class, SERVICE_WAIT, err)) {
            if (status == null) {
                return ExitCode.ERROR;
            }
            // machined, when one answers: the summary shows the running machines' addresses.
            ServiceTracker<Machined, Machined> machined = new ServiceTracker<>(context, Machined.class, null);
            machined.open();
            try {
                return render(context, new RenderBatch(repository.service(), status.service(), machined.getService(), out, err),
                        r.timeout());
            } finally {
                machined.close();
            }
        }
    }

    private static ExitCode render(BundleContext context, RenderBatch batch, Duration timeout)
            throws InterruptedException {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(EventConstants.EVENT_TOPIC, PipelineTopics.ALL);
        // Subscribed before the batch triggers the synchronisation, so no event of it is missed.
        ServiceRegistration<EventHandler> handler = context.registerService(EventHandler.class, e -> {
            try {
                batch.onEvent(PipelineEvent.of(e));
            } catch (IllegalArgumentException notAPipelineEvent) {
                // a topic under bbh/tenant/ without the pipeline's keys: not ours to print
            }
        }, props);
        try {
            return batch.run(timeout);
        } finally {
            try {
                handler.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework is stopping
            }
        }
    }

    private void writeExitCode(BundleContext context, ExitCode code) {
        String file = SourceConfiguration.value(context::getProperty, LaunchProperties.EXIT_FILE);
        if (file == null) {
            return;
        }
        Path p = Locations.absolutePath(file, SourceConfiguration.cwd(context::getProperty));
        try {
            Files.writeString(p, code.code() + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            err.println("bbh: cannot write the exit code to " + p + ": " + e.getMessage());
        }
    }

    /**
     * Stops the framework from a thread of its own: stopping it deactivates this component, which
     * must not wait on the thread that asked for the stop.
     */
    private static void stopFramework(BundleContext context) {
        Bundle system = context.getBundle(org.osgi.framework.Constants.SYSTEM_BUNDLE_ID);
        Thread t = new Thread(() -> {
            try {
                system.stop();
            } catch (BundleException | IllegalStateException e) {
                System.err.println("bbh: cannot stop the framework: " + e.getMessage());
            }
        }, "bbh-batch-stop");
        t.start();
    }
}
