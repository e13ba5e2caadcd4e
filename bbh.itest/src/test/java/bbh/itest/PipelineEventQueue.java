package bbh.itest;

import bbh.api.pipeline.PipelineEvent;
import bbh.api.pipeline.PipelineTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * Every pipeline event EventAdmin delivers, as {@link PipelineEvent}s in arrival order. Subscribe
 * before causing the events: EventAdmin delivers nothing posted before the handler was there.
 */
final class PipelineEventQueue implements EventHandler {

    /**
     * How long to wait for more events once the expected ones arrived, to show that nothing else
     * comes. Events of one synchronisation are posted within milliseconds of each other.
     */
    static final Duration QUIET = Duration.ofMillis(750);

    private final BlockingQueue<PipelineEvent> queue = new LinkedBlockingQueue<>();
    private final List<String> malformed = new ArrayList<>();
    private ServiceRegistration<EventHandler> registration;

    /** Registers a queue for every topic under {@link PipelineTopics#ALL}. */
    static PipelineEventQueue subscribe(BundleContext context) {
        PipelineEventQueue q = new PipelineEventQueue();
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(EventConstants.EVENT_TOPIC, PipelineTopics.ALL);
        q.registration = context.registerService(EventHandler.class, q, props);
        return q;
    }

    @Override
    public void handleEvent(Event event) {
        try {
            queue.add(PipelineEvent.of(event));
        } catch (IllegalArgumentException e) {
            synchronized (malformed) {
                malformed.add(event.getTopic() + ": " + e.getMessage());
            }
        }
    }

    /**
     * Waits for the next {@code count} events and returns them in arrival order; fails, listing
     * those that came, when they do not all come within {@link Await#DEADLINE}.
     */
    List<PipelineEvent> take(int count) {
        List<PipelineEvent> got = new ArrayList<>();
        long end = System.nanoTime() + Await.DEADLINE.toNanos();
        while (got.size() < count) {
            PipelineEvent e = poll(end - System.nanoTime());
            if (e == null) {
                throw new AssertionError("expected " + count + " pipeline events within "
                        + Await.DEADLINE.toSeconds() + " s, got " + got.size() + ":" + summaries(got) + malformed());
            }
            got.add(e);
        }
        assertWellFormed();
        return got;
    }

    /**
     * Waits until an event on {@code topic} arrived for every one of {@code tenants}, and returns those
     * events; other events that arrive meanwhile are kept in the returned list's order but not
     * required. Fails after {@link Await#DEADLINE}, listing what came.
     */
    List<PipelineEvent> awaitAll(String topic, java.util.Collection<String> tenants) {
        java.util.Set<String> missing = new java.util.TreeSet<>(tenants);
        List<PipelineEvent> got = new ArrayList<>();
        long end = System.nanoTime() + Await.DEADLINE.toNanos();
        while (!missing.isEmpty()) {
            PipelineEvent e = poll(end - System.nanoTime());
            if (e == null) {
                throw new AssertionError("no " + topic + " for " + missing + " within " + Await.DEADLINE.toSeconds()
                        + " s; got:" + summaries(got) + malformed());
            }
            got.add(e);
            if (e.topic().equals(topic)) {
                missing.remove(e.tenantId());
            }
        }
        assertWellFormed();
        return got;
    }

    /** Fails when any event arrives within {@link #QUIET}: nothing more was expected. */
    void assertQuiet() {
        List<PipelineEvent> extra = new ArrayList<>();
        long end = System.nanoTime() + QUIET.toNanos();
        PipelineEvent e;
        while ((e = poll(end - System.nanoTime())) != null) {
            extra.add(e);
        }
        if (!extra.isEmpty()) {
            throw new AssertionError("unexpected pipeline events:" + summaries(extra));
        }
        assertWellFormed();
    }

    /** Stops receiving events. */
    void close() {
        registration.unregister();
    }

    private PipelineEvent poll(long nanos) {
        try {
            return queue.poll(Math.max(0, nanos), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for pipeline events", e);
        }
    }

    private void assertWellFormed() {
        String m = malformed();
        if (!m.isEmpty()) {
            throw new AssertionError("events on " + PipelineTopics.ALL + " that are no pipeline events:" + m);
        }
    }

    private String malformed() {
        synchronized (malformed) {
            return malformed.stream().map(s -> "\n  " + s).collect(Collectors.joining());
        }
    }

    static String summaries(List<PipelineEvent> events) {
        return events.stream().map(e -> "\n  " + e.summary()).collect(Collectors.joining());
    }
}
