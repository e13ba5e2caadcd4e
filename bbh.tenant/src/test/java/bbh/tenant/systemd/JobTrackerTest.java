package bbh.tenant.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bbh.api.systemd.JobResult;
import bbh.api.systemd.SystemdException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** JobRemoved signals matched to calls, in every order the signal and the reply can arrive. */
class JobTrackerTest {

    private final JobTracker tracker = new JobTracker();

    private static JobResult ended(String unit, long id, String result) {
        return new JobResult(unit, "/org/freedesktop/systemd1/job/" + id, result);
    }

    @Test
    void signalHandledBeforeTheReplyIsNotLost() {
        JobResult end = ended("a.service", 1, "done");
        CompletableFuture<JobResult> future;
        try (JobTracker.JobCall call = tracker.beginCall()) {
            tracker.jobRemoved(end);
            future = call.follow(end.job());
        }
        assertSame(end, future.getNow(null));
        assertEquals(0, tracker.retained());
    }

    @Test
    void signalAfterTheReplyCompletesTheWaiter() {
        JobResult end = ended("a.service", 2, "failed");
        CompletableFuture<JobResult> future;
        try (JobTracker.JobCall call = tracker.beginCall()) {
            future = call.follow(end.job());
        }
        assertFalse(future.isDone());
        tracker.jobRemoved(ended("other.service", 3, "done"));
        assertFalse(future.isDone(), "another job's end completed the waiter");
        tracker.jobRemoved(end);
        assertSame(end, future.getNow(null));
        assertEquals(0, tracker.retained());
    }

    @Test
    void endsOfOtherClientsJobsAreNotKeptWhileNoCallIsInFlight() {
        for (int i = 0; i < 100; i++) {
            tracker.jobRemoved(ended("timer-" + i + ".service", 100 + i, "done"));
        }
        assertEquals(0, tracker.retained());
    }

    @Test
    void keptEndIsDroppedOnceNoCallThatBeganBeforeItIsOpen() {
        JobTracker.JobCall first = tracker.beginCall();
        tracker.jobRemoved(ended("systemctl-started.service", 7, "done"));
        assertEquals(1, tracker.retained(), "an end must be kept while a call that may own it is in flight");
        JobTracker.JobCall second = tracker.beginCall();
        first.close();
        // The second call began after the end arrived: the job cannot be its own.
        assertEquals(0, tracker.retained());
        second.close();
    }

    @Test
    void endThatArrivedBeforeTheCallBeganIsNotItsEnd() {
        JobResult end = ended("a.service", 8, "done");
        try (JobTracker.JobCall earlier = tracker.beginCall()) {
            tracker.jobRemoved(end);
            try (JobTracker.JobCall later = tracker.beginCall()) {
                assertFalse(later.follow(end.job()).isDone());
            }
        }
    }

    @Test
    void callsThatGetTheSameMergedJobBothGetItsEnd() {
        JobResult end = ended("a.service", 9, "done");
        JobTracker.JobCall a = tracker.beginCall();
        JobTracker.JobCall b = tracker.beginCall();
        CompletableFuture<JobResult> fa = a.follow(end.job());
        a.close();
        tracker.jobRemoved(end);
        // b's reply comes after the signal: it finds the kept end.
        CompletableFuture<JobResult> fb = b.follow(end.job());
        b.close();
        assertSame(end, fa.getNow(null));
        assertSame(end, fb.getNow(null));
        assertEquals(0, tracker.retained());
    }

    @Test
    void closingFailsWaitersAndLaterCalls() {
        JobTracker.JobCall call = tracker.beginCall();
        CompletableFuture<JobResult> waiting = call.follow("/org/freedesktop/systemd1/job/10");
        SystemdException lost = new SystemdException("lost the connection");
        tracker.close(lost);
        ExecutionException e = assertThrows(ExecutionException.class, () -> waiting.get(1, TimeUnit.SECONDS));
        assertSame(lost, e.getCause());
        assertTrue(call.follow("/org/freedesktop/systemd1/job/11").isCompletedExceptionally());
        call.close();
        assertEquals(0, tracker.retained());
    }

    /**
     * Many threads, each with its own jobs, half of whose ends arrive before the reply: every call
     * gets its own end, and nothing stays behind.
     */
    @Test
    void concurrentCallsEachGetTheirOwnEnd() throws Exception {
        int threads = 8;
        int callsPerThread = 2_000;
        AtomicLong ids = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    int matched = 0;
                    for (int i = 0; i < callsPerThread; i++) {
                        JobResult end = ended("t" + thread + "-" + i + ".service", ids.incrementAndGet(),
                                i % 3 == 0 ? "failed" : "done");
                        boolean signalFirst = i % 2 == 0;
                        CompletableFuture<JobResult> future;
                        try (JobTracker.JobCall call = tracker.beginCall()) {
                            if (signalFirst) {
                                tracker.jobRemoved(end);
                            }
                            future = call.follow(end.job());
                        }
                        if (!signalFirst) {
                            tracker.jobRemoved(end);
                        }
                        if (future.get(10, TimeUnit.SECONDS) == end) {
                            matched++;
                        }
                    }
                    return matched;
                }));
            }
            for (Future<Integer> r : results) {
                assertEquals(callsPerThread, r.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, tracker.retained());
    }
}
