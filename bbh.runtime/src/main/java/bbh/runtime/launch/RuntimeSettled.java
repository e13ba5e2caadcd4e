package bbh.runtime.launch;

import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.cm.ManagedService;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * Waits until the runtime has settled after start-up, so that the first pipeline events reach
 * their handlers. {@link LaunchConfiguration} makes {@code bbh.source} only then.
 *
 * <p>Two things lose events on this runtime (Felix 7.0.5, EventAdmin 1.6.4, ConfigAdmin 1.9.26),
 * both seen with {@code bin/bbh render}, which then waited for tenants that never reported:
 * <ol>
 * <li>Events posted by a component activated while the framework is still starting bundles, on
 * the start-level thread, were at times never delivered to anyone (the tenant repository is
 * activated there when its configuration exists before its bundle starts). Waiting until every
 * bundle was started means the configuration arrives later and the component is activated on
 * ConfigAdmin's thread instead.
 * <li>EventAdmin takes its own configuration from ConfigAdmin on a thread of its own and, doing
 * so, closes and reopens its tracker of event handlers; an event posted meanwhile reaches no
 * handler. ConfigAdmin calls back in order on one thread: a callback of our own, queued after
 * EventAdmin's, proves that reconfiguration began, and a probe event that arrives proves the
 * tracker is open again.
 * </ol>
 */
final class RuntimeSettled {
    private RuntimeSettled() {}

    /** A PID nobody configures: ConfigAdmin answers its ManagedService with an empty update. */
    static final String BARRIER_PID = "bbh.runtime.launch.barrier";

    /** A topic only this class posts and listens to. */
    static final String PROBE_TOPIC = "bbh/runtime/PROBE";

    /** How often the probe is posted again while none arrived: a lost probe is the point. */
    static final long PROBE_INTERVAL_MILLIS = 50;

    /**
     * Waits up to {@code timeout} for all three.
     *
     * @return true when settled, false when the time ran out first
     */
    static boolean await(BundleContext context, EventAdmin eventAdmin, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        return startLevelReached(context, deadline) && configAdminPassed(context, deadline)
                && probeDelivered(context, eventAdmin, deadline);
    }

    /**
     * Every bundle was started: the framework finished raising its start level to that of the
     * highest bundle (Felix announces a finished change with STARTLEVEL_CHANGED, after the bundles'
     * synchronous listeners, Declarative Services among them, have run), or is already above it
     * (the aQute launcher raises it two above the highest bundle).
     */
    static boolean startLevelReached(BundleContext context, long deadline) throws InterruptedException {
        FrameworkStartLevel fsl = context.getBundle(Constants.SYSTEM_BUNDLE_ID).adapt(FrameworkStartLevel.class);
        int highest = 1;
        for (Bundle b : context.getBundles()) {
            BundleStartLevel bsl = b.adapt(BundleStartLevel.class);
            if (b.getBundleId() != Constants.SYSTEM_BUNDLE_ID && bsl != null) {
                highest = Math.max(highest, bsl.getStartLevel());
            }
        }
        int target = highest;
        CountDownLatch reached = new CountDownLatch(1);
        FrameworkListener listener = e -> {
            boolean finished = e.getType() == FrameworkEvent.STARTED || e.getType() == FrameworkEvent.STARTLEVEL_CHANGED;
            if (startLevelDone(fsl.getStartLevel(), target, finished)) {
                reached.countDown();
            }
        };
        context.addFrameworkListener(listener);
        try {
            // Checked after subscribing: a change finished in between is seen either way.
            if (startLevelDone(fsl.getStartLevel(), target, false)) {
                return true;
            }
            return reached.await(left(deadline), TimeUnit.NANOSECONDS);
        } finally {
            context.removeFrameworkListener(listener);
        }
    }

    /**
     * Whether the bundles up to start level {@code highest} have all been started.
     *
     * @param active the framework's active start level
     * @param highest the highest start level of a bundle
     * @param changeFinished whether the framework just announced a finished start level change:
     *     while it raises the level, the active level already reads as the level whose bundles it is
     *     starting
     */
    static boolean startLevelDone(int active, int highest, boolean changeFinished) {
        return active > highest || (changeFinished && active >= highest);
    }

    private static boolean configAdminPassed(BundleContext context, long deadline) throws InterruptedException {
        CountDownLatch configured = new CountDownLatch(1);
        Dictionary<String, Object> pid = new Hashtable<>(Map.of(Constants.SERVICE_PID, BARRIER_PID));
        ServiceRegistration<ManagedService> barrier =
                context.registerService(ManagedService.class, properties -> configured.countDown(), pid);
        try {
            return configured.await(left(deadline), TimeUnit.NANOSECONDS);
        } finally {
            barrier.unregister();
        }
    }

    private static boolean probeDelivered(BundleContext context, EventAdmin eventAdmin, long deadline)
            throws InterruptedException {
        CountDownLatch delivered = new CountDownLatch(1);
        Dictionary<String, Object> topic = new Hashtable<>(Map.of(EventConstants.EVENT_TOPIC, PROBE_TOPIC));
        ServiceRegistration<EventHandler> probe =
                context.registerService(EventHandler.class, event -> delivered.countDown(), topic);
        try {
            while (left(deadline) > 0) {
                eventAdmin.postEvent(new Event(PROBE_TOPIC, Map.of()));
                long wait = Math.min(left(deadline), TimeUnit.MILLISECONDS.toNanos(PROBE_INTERVAL_MILLIS));
                if (delivered.await(wait, TimeUnit.NANOSECONDS)) {
                    return true;
                }
            }
            return false;
        } finally {
            probe.unregister();
        }
    }

    private static long left(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }
}
