package bbh.tenant.systemd;

import bbh.api.systemd.JobResult;
import bbh.api.systemd.SystemdException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * Matches the manager's {@code JobRemoved} signals to the calls that created the jobs.
 *
 * <p>The race it closes: a caller learns its job's path only from the reply to StartUnit (or
 * StopUnit, ...), but the job may end before that reply reaches the caller's thread; dbus-java
 * hands signals and replies to different threads, so the signal can be handled first. Hence
 * {@link #beginCall()} before sending the call: while any call is in flight, every JobRemoved that
 * no one awaits yet is kept, and {@link JobCall#follow(String)} looks there first. A kept result is
 * dropped once every call that began before it arrived has closed: it can belong to no other call,
 * since systemd never reuses a job's path while it runs. So what is kept is bounded by the calls in
 * flight, not by the jobs other clients (systemctl, timers) run.
 *
 * <p>Two calls can get the same job path (systemd merges a start into a start job already queued
 * for the unit); both get the same result.
 *
 * <p>A caller that stops waiting (its timeout) leaves its entry until the job ends, as every job
 * does eventually (done, canceled, ...), or until {@link #close(SystemdException)}.
 *
 * <p>Thread-safe: signal threads and callers share one lock; nothing slow runs under it.
 */
final class JobTracker {

    /** A JobRemoved kept for calls still in flight, and the last call begun when it arrived. */
    private record Ended(JobResult result, long lastCallBegun) {}

    private final Object lock = new Object();
    /** Job path -> the future its callers wait on. */
    private final Map<String, CompletableFuture<JobResult>> awaited = new HashMap<>();
    /** Job path -> its end, in arrival order (so lastCallBegun never decreases along it). */
    private final LinkedHashMap<String, Ended> ended = new LinkedHashMap<>();
    /** Numbers of the calls in flight. */
    private final TreeSet<Long> inFlight = new TreeSet<>();
    private long lastCallBegun;
    private SystemdException closedBecause;

    /**
     * Announces a call that will create a job. Call before sending it; close the returned call after
     * {@link JobCall#follow(String)} or when the call failed.
     */
    JobCall beginCall() {
        synchronized (lock) {
            long number = ++lastCallBegun;
            inFlight.add(number);
            return new JobCall(number);
        }
    }

    /** The manager's JobRemoved: completes the job's waiters, or keeps it for a call in flight. */
    void jobRemoved(JobResult result) {
        CompletableFuture<JobResult> waiting;
        synchronized (lock) {
            waiting = awaited.remove(result.job());
            if (!inFlight.isEmpty()) {
                ended.put(result.job(), new Ended(result, lastCallBegun));
            }
        }
        if (waiting != null) {
            waiting.complete(result);
        }
    }

    /**
     * The connection is gone: every waiter fails with {@code cause}, and so does every later follow,
     * as no JobRemoved will arrive any more.
     */
    void close(SystemdException cause) {
        Map<String, CompletableFuture<JobResult>> failing;
        synchronized (lock) {
            if (closedBecause != null) {
                return;
            }
            closedBecause = cause;
            failing = new HashMap<>(awaited);
            awaited.clear();
            ended.clear();
        }
        failing.values().forEach(f -> f.completeExceptionally(cause));
    }

    /** How many job paths are awaited or kept: for tests of the bound. */
    int retained() {
        synchronized (lock) {
            return awaited.size() + ended.size();
        }
    }

    private void closeCall(long number) {
        synchronized (lock) {
            inFlight.remove(number);
            long oldestOpen = inFlight.isEmpty() ? Long.MAX_VALUE : inFlight.first();
            for (Iterator<Ended> it = ended.values().iterator(); it.hasNext(); ) {
                if (it.next().lastCallBegun() >= oldestOpen) {
                    break;
                }
                it.remove();
            }
        }
    }

    /** One call that creates a job, between sending it and knowing its job's path. */
    final class JobCall implements AutoCloseable {
        private final long number;
        private boolean closed;

        private JobCall(long number) {
            this.number = number;
        }

        /**
         * The end of {@code job}, the path the call returned: already complete when its JobRemoved
         * came first.
         */
        CompletableFuture<JobResult> follow(String job) {
            synchronized (lock) {
                if (closedBecause != null) {
                    return CompletableFuture.failedFuture(closedBecause);
                }
                Ended early = ended.get(job);
                if (early != null && early.lastCallBegun() >= number) {
                    return CompletableFuture.completedFuture(early.result());
                }
                return awaited.computeIfAbsent(job, path -> new CompletableFuture<>());
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                closeCall(number);
            }
        }
    }
}
