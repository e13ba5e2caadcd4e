package bbh.tenant.pipeline;

import bbh.api.pipeline.PipelineEvent;
import bbh.api.pipeline.Stage;
import bbh.api.status.PipelineStatus;
import bbh.api.status.StageState;
import bbh.api.status.StageStatus;
import bbh.api.status.TenantStatus;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The record of every tenant's pipeline, kept from the events and from what the driver reports
 * (a stage started, a stage is absent).
 *
 * <p>Each stage's entry carries its own commit and generation, and is replaced only by news of the
 * same or a newer generation. So while a newer commit fails validation, the stages of the spec still
 * in force go on showing their own, older commit.
 */
final class StatusBook implements PipelineStatus {

    private final int journalSize;
    private final Map<String, Entry> tenants = new TreeMap<>();
    private final Deque<PipelineEvent> journal = new ArrayDeque<>();

    /** @param journalSize how many recent events to keep */
    StatusBook(int journalSize) {
        this.journalSize = journalSize;
    }

    /** Records what an event says. */
    synchronized void record(PipelineEvent e) {
        journal.addLast(e);
        while (journal.size() > journalSize) {
            journal.removeFirst();
        }
        Entry t = tenants.computeIfAbsent(e.tenantId(), Entry::new);
        Instant at = Instant.ofEpochMilli(e.timestamp());
        if (e.isRemoval()) {
            if (e.generation() >= t.generation) {
                // Stages are being undone; removed() marks the end, and settled() waits for it.
                t.generation = e.generation();
                t.commit = e.commit();
                t.removed = false;
                for (Stage s : Stage.values()) {
                    t.stages[s.ordinal()] = new StageStatus(s, StageState.PENDING, e.commit(), e.generation(), null, null,
                            "tenant removed from the repository");
                }
            }
            return;
        }
        if (e.generation() > t.generation) {
            t.generation = e.generation();
            t.commit = e.commit();
            t.removed = false;
        }
        if (e.isFailure()) {
            if (e.stage() != null) {
                t.set(e.stage(), StageState.FAILED, e, null, at, e.error() == null ? "" : e.error());
            }
            return;
        }
        Stage reached = e.stage();
        if (reached == null) {
            return;
        }
        t.set(reached, StageState.DONE, e, null, at, "");
        // A stage reached means the ones before it passed for this generation, even when their events
        // were never seen here: after bbh.tenant is updated (or restarted) the source re-announces the
        // tenants in force as VALIDATED only, and a fresh book would otherwise wait for a REPO_CHANGED
        // that never comes, so the tenant would never show as settled.
        for (Stage s : Stage.values()) {
            if (s == reached) {
                break;
            }
            StageStatus old = t.stages[s.ordinal()];
            if (old == null || old.generation() < e.generation()) {
                t.stages[s.ordinal()] = new StageStatus(s, StageState.DONE, e.commit(), e.generation(), null, null,
                        "passed (implied by " + reached.id() + ")");
            }
        }
        // A stage reached means the next ones have new work coming for this generation.
        for (Stage s = reached.next().orElse(null); s != null; s = s.next().orElse(null)) {
            StageStatus old = t.stages[s.ordinal()];
            if (old == null || old.generation() <= e.generation()) {
                t.stages[s.ordinal()] = new StageStatus(s, StageState.PENDING, e.commit(), e.generation(), null, null, "");
            }
        }
    }

    /** The driver started {@code stage} for the event's tenant and generation. */
    synchronized void running(Stage stage, PipelineEvent input) {
        tenants.computeIfAbsent(input.tenantId(), Entry::new).set(stage, StageState.RUNNING, input, Instant.now(), null, "");
    }

    /** No provider of {@code stage} is installed: the tenant stops before it. */
    synchronized void skipped(Stage stage, PipelineEvent input, String why) {
        tenants.computeIfAbsent(input.tenantId(), Entry::new).set(stage, StageState.SKIPPED, input, null, null, why);
    }

    synchronized void absent(Stage stage, PipelineEvent input, String why) {
        tenants.computeIfAbsent(input.tenantId(), Entry::new).set(stage, StageState.ABSENT, input, null, null, why);
    }

    /** Forgets a tenant whose removal finished, keeping it listed as removed. */
    synchronized void removed(String tenantId, long generation) {
        Entry t = tenants.get(tenantId);
        if (t != null && t.generation <= generation) {
            t.removed = true;
        }
    }

    @Override
    public synchronized List<TenantStatus> tenants() {
        List<TenantStatus> all = new ArrayList<>(tenants.size());
        for (Entry t : tenants.values()) {
            all.add(t.snapshot());
        }
        return all;
    }

    @Override
    public synchronized Optional<TenantStatus> tenant(String tenantId) {
        Entry t = tenants.get(tenantId);
        return t == null ? Optional.empty() : Optional.of(t.snapshot());
    }

    @Override
    public synchronized List<PipelineEvent> recentEvents(int max) {
        List<PipelineEvent> all = new ArrayList<>(journal);
        return List.copyOf(all.subList(Math.max(0, all.size() - Math.max(0, max)), all.size()));
    }

    /** One tenant's mutable record; guarded by the book's lock. */
    private static final class Entry {
        final String tenantId;
        String commit = "";
        long generation = -1;
        boolean removed;
        final StageStatus[] stages = new StageStatus[Stage.values().length];

        Entry(String tenantId) {
            this.tenantId = tenantId;
        }

        void set(Stage s, StageState state, PipelineEvent e, Instant started, Instant finished, String message) {
            StageStatus old = stages[s.ordinal()];
            if (old != null && old.generation() > e.generation()) {
                return; // news of an older generation never overwrites a newer one
            }
            Instant start = started;
            if (start == null && old != null && old.generation() == e.generation()) {
                start = old.started();
            }
            stages[s.ordinal()] = new StageStatus(s, state, e.commit(), e.generation(), start, finished, message);
        }

        TenantStatus snapshot() {
            StageStatus[] copy = Arrays.copyOf(stages, stages.length);
            for (Stage s : Stage.values()) {
                if (copy[s.ordinal()] == null) {
                    copy[s.ordinal()] = new StageStatus(s, StageState.PENDING, commit, generation, null, null, "");
                }
            }
            return new TenantStatus(tenantId, commit, generation, removed, List.of(copy));
        }
    }
}
