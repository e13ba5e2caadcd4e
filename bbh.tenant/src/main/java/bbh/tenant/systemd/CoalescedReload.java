package bbh.tenant.systemd;

import bbh.api.systemd.SystemdException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One {@code daemon-reload} for many callers: a caller returns once a reload that started after its
 * call has finished, so what it wrote before calling is loaded; callers arriving while a reload runs
 * share the next one. Twenty tenants written together cost two reloads, not twenty.
 *
 * <p>systemd runs reloads one after the other and each re-runs every generator and re-reads every
 * unit, so reloads asked for by parallel pipeline lanes (the units, overlay and machine stages of
 * many tenants) queued in systemd: a burst of 20 new tenants spent most of its time there
 * (docs/machines.md, Benchmark). Sharing is safe for every caller: a reload that began after the
 * call sees every file written before it.
 */
final class CoalescedReload {

    /** The reload itself: {@code Manager.Reload}, or a stand-in in tests. */
    interface Reload {
        void run() throws SystemdException;
    }

    /** Outcomes kept for callers that wake late; far more than threads that can wait at once. */
    private static final int KEPT_ROUNDS = 256;

    private final Reload reload;
    private long requested;
    private long finished;
    private boolean running;
    private int waiting;
    private long rounds;
    /** Per finished round: the last request it covered, and its failure if it failed. */
    private final TreeMap<Long, Optional<SystemdException>> outcomes = new TreeMap<>();

    CoalescedReload(Reload reload) {
        this.reload = Objects.requireNonNull(reload, "reload");
    }

    /** Waits until a reload started after this call has finished; throws when that reload failed. */
    void reloadAfterWrites() throws SystemdException, InterruptedException {
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
            reload.run();
        } catch (SystemdException e) {
            failure = Optional.of(e);
        } finally {
            synchronized (this) {
                running = false;
                finished = round;
                rounds++;
                outcomes.put(round, failure);
                while (outcomes.size() > KEPT_ROUNDS) {
                    outcomes.pollFirstEntry();
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

    /** How many reloads ran, against how many were asked for (for tests and the log). */
    synchronized long rounds() {
        return rounds;
    }

    /** The outcome of the round that covered request {@code mine}. Caller holds the monitor. */
    private void outcome(long mine) throws SystemdException {
        Map.Entry<Long, Optional<SystemdException>> r = outcomes.ceilingEntry(mine);
        if (r != null && r.getValue().isPresent()) {
            throw r.getValue().get();
        }
    }
}
