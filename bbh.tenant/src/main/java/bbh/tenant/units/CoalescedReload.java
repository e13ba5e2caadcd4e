package bbh.tenant.units;

import bbh.api.systemd.SystemdException;
import bbh.api.systemd.SystemdManager;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One {@code daemon-reload} for many writers: a caller returns once a reload that started after its
 * call has finished, so what it wrote before calling is loaded; callers arriving while a reload runs
 * share the next one. Twenty tenants written together cost two reloads, not twenty.
 */
final class CoalescedReload {

    /** Outcomes kept for callers that wake late; far more than threads that can wait at once. */
    private static final int KEPT_ROUNDS = 256;

    private long requested;
    private long finished;
    private boolean running;
    private int waiting;
    /** Per finished round: the last request it covered, and its failure if it failed. */
    private final TreeMap<Long, Optional<SystemdException>> rounds = new TreeMap<>();

    /** Waits until a reload started after this call has finished; throws when that reload failed. */
    void reloadAfterWrites(SystemdManager systemd) throws SystemdException, InterruptedException {
        long mine;
        long round;
        synchronized (this) {
            mine = ++requested;
            while (finished < mine && running) {
                waiting++;
                try {
                    wait();
                } finally {
                    waiting--;
                }
            }
            if (finished >= mine) {
                outcome(mine);
                return;
            }
            running = true;
            round = requested; // this reload covers every request made so far
        }
        Optional<SystemdException> failure = Optional.empty();
        try {
            systemd.reload();
        } catch (SystemdException e) {
            failure = Optional.of(e);
        } finally {
            synchronized (this) {
                running = false;
                finished = round;
                rounds.put(round, failure);
                while (rounds.size() > KEPT_ROUNDS) {
                    rounds.pollFirstEntry();
                }
                notifyAll();
            }
        }
        if (failure.isPresent()) {
            throw failure.get();
        }
    }

    /** How many callers wait for a running reload to end (for tests). */
    synchronized int waiting() {
        return waiting;
    }

    /** The outcome of the round that covered request {@code mine}. Caller holds the monitor. */
    private void outcome(long mine) throws SystemdException {
        Map.Entry<Long, Optional<SystemdException>> r = rounds.ceilingEntry(mine);
        if (r != null && r.getValue().isPresent()) {
            throw r.getValue().get();
        }
    }
}
