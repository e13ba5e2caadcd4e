package bbh.runtime.launch;

import bbh.api.pipeline.PipelineEvent;
import bbh.api.source.SyncReport;
import bbh.api.source.TenantRepository;
import bbh.api.status.PipelineStatus;
import bbh.api.systemd.Machined;
import bbh.api.status.TenantStatus;
import bbh.api.tenant.TenantSpec;
import bbh.api.tenant.ValidationProblem;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/bbh render}: synchronise once, print every pipeline event as it arrives, wait until
 * every tenant of the repository settled, print the summary table.
 *
 * <p>The repository component also synchronises once right after it starts, possibly before this
 * batch subscribed: the events of that run are picked up from {@link PipelineStatus#recentEvents}
 * (an event seen both ways is printed once), and the batch waits for every tenant the reports, the
 * status and the repository know.
 */
final class RenderBatch {

    /**
     * How often the tenants' states are looked at again without an event: the status is updated by
     * its own event handler, which EventAdmin may call after this batch's, so the last event can
     * arrive here before the status shows it.
     */
    static final long RECHECK_MILLIS = 100;

    /** How many of the status's recent events are looked at for ones this batch missed. */
    static final int RECENT_EVENTS = 1_000;

    private final TenantRepository repository;
    private final Machined machined;
    private final PipelineStatus status;
    private final PrintStream out;
    private final EventPrinter printer;
    private final PrintStream err;

    private final Object lock = new Object();
    /** Guarded by lock: identities of the events printed, so none is printed twice. */
    private final Set<String> printed = new HashSet<>();
    /** Guarded by lock: tenants named by an event. */
    private final SortedSet<String> named = new TreeSet<>();
    /** Guarded by lock: tenants named by an event since the waiter last looked. */
    private final Set<String> dirty = new HashSet<>();

    RenderBatch(TenantRepository repository, PipelineStatus status, PrintStream out, PrintStream err) {
        this(repository, status, null, out, err);
    }

    /**
     * @param machined machined, to show the running machines' addresses in the summary; null when
     *     none is reachable
     */
    RenderBatch(TenantRepository repository, PipelineStatus status, Machined machined, PrintStream out, PrintStream err) {
        this.machined = machined;
        this.repository = repository;
        this.status = status;
        this.out = out;
        this.printer = new EventPrinter(out);
        this.err = err;
    }

    /** One pipeline event arrived: print it and wake the waiter. Safe from any thread. */
    void onEvent(PipelineEvent e) {
        synchronized (lock) {
            print(e);
            // Wake the waiter when the first of a burst arrives; it takes the whole burst at once.
            if (dirty.add(e.tenantId()) && dirty.size() == 1) {
                lock.notifyAll();
            }
        }
    }

    /**
     * Runs the batch; call after {@link #onEvent} is subscribed to the pipeline topics.
     *
     * @param timeout how long to wait for the tenants to settle
     */
    ExitCode run(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        catchUp();
        Optional<SyncReport> earlier = repository.lastSync();
        SyncReport report = repository.sync();
        if (!report.ok()) {
            err.println("bbh: cannot read the tenant repository " + repository.location() + ": " + report.error());
            return ExitCode.ERROR;
        }
        Set<String> touched = new HashSet<>(report.changed());
        touched.addAll(report.removed());
        SortedSet<String> tenants = tenants(report, earlier);
        List<ValidationProblem> operatorWide = operatorWide(report, earlier);
        // A tenant is looked at again only while it is not settled: when an event names it, and
        // every RECHECK_MILLIS (a stage found absent posts no event). Looking at every tenant on
        // every event would cost O(tenants x events).
        Set<String> settled = new HashSet<>();
        long nextFullLook = System.nanoTime();
        while (true) {
            Collection<String> look;
            boolean full = System.nanoTime() - nextFullLook >= 0;
            if (full) {
                catchUp();
                tenants = tenants(report, earlier);
                look = tenants;
                nextFullLook = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RECHECK_MILLIS);
            } else {
                synchronized (lock) {
                    look = new ArrayList<>(dirty);
                    dirty.clear();
                }
            }
            for (String id : look) {
                if (!settled.contains(id) && settled(id, touched, report)) {
                    settled.add(id);
                }
            }
            if (settled.containsAll(tenants)) {
                if (full) {
                    return finish(tenants, report, operatorWide);
                }
                nextFullLook = System.nanoTime(); // confirm with a full look, which also catches up
                continue;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                catchUp();
                printer.drain();
                out.print(summary(tenants));
                out.flush();
                List<String> pending = tenants.stream().filter(id -> !settled.contains(id)).toList();
                err.println("bbh: gave up after " + timeout.toSeconds() + " s; still pending: " + String.join(", ", pending));
                return ExitCode.ERROR;
            }
            synchronized (lock) {
                if (dirty.isEmpty()) {
                    long untilFullLook = Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextFullLook - System.nanoTime()));
                    lock.wait(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, untilFullLook));
                }
            }
        }
    }

    /**
     * Prints the events the status recorded that this batch has not printed: those posted before it
     * subscribed, which reach the status's handler but never this one's.
     */
    private void catchUp() {
        List<PipelineEvent> recent = status.recentEvents(RECENT_EVENTS);
        synchronized (lock) {
            for (PipelineEvent e : recent) {
                print(e);
            }
        }
    }

    private String summary(SortedSet<String> tenants) {
        return StatusTable.format(tenants, status::tenant, new SummaryFacts(repository.tenants(), status::tenant, machined));
    }

    /** Every tenant the batch waits for, sorted. */
    SortedSet<String> tenants(SyncReport report, Optional<SyncReport> earlier) {
        SortedSet<String> ids = new TreeSet<>();
        addReport(ids, report);
        earlier.ifPresent(r -> addReport(ids, r));
        for (TenantSpec s : repository.tenants()) {
            ids.add(s.id());
        }
        for (TenantStatus s : status.tenants()) {
            ids.add(s.tenantId());
        }
        synchronized (lock) {
            ids.addAll(named);
        }
        return ids;
    }

    /** True when the tenant settled for {@code report}: nothing pending, and at its generation if touched. */
    boolean settled(String id, Set<String> touched, SyncReport report) {
        Optional<TenantStatus> s = status.tenant(id);
        return s.isPresent() && s.get().settled()
                && !(touched.contains(id) && s.get().generation() < report.generation());
    }

    /**
     * The operator-wide problems of the commit rendered (no tenant event carries them): this
     * synchronisation's, or the earlier one's of the same commit, which reported them first.
     */
    static List<ValidationProblem> operatorWide(SyncReport report, Optional<SyncReport> earlier) {
        List<ValidationProblem> found = report.problems().stream().filter(ValidationProblem::operatorWide).toList();
        if (found.isEmpty() && earlier.isPresent() && report.commit() != null && report.commit().equals(earlier.get().commit())) {
            found = earlier.get().problems().stream().filter(ValidationProblem::operatorWide).toList();
        }
        return found;
    }

    private ExitCode finish(SortedSet<String> tenants, SyncReport report, List<ValidationProblem> operatorWide)
            throws InterruptedException {
        catchUp();
        printer.drain();
        operatorWide.forEach(out::println);
        Map<TenantOutcome, Integer> counts = new EnumMap<>(TenantOutcome.class);
        for (String id : tenants) {
            counts.merge(TenantOutcome.of(status.tenant(id)), 1, Integer::sum);
        }
        out.print(summary(tenants));
        out.flush();
        err.println(counts(tenants.size(), counts));
        boolean failed = counts.containsKey(TenantOutcome.FAILED) || !report.problems().isEmpty() || !operatorWide.isEmpty();
        return failed ? ExitCode.FAILURE : ExitCode.SUCCESS;
    }

    /** {@code 3 tenants: 2 stopped, 1 failed}. */
    static String counts(int total, Map<TenantOutcome, Integer> counts) {
        StringBuilder b = new StringBuilder().append(total).append(total == 1 ? " tenant" : " tenants");
        String sep = ": ";
        for (TenantOutcome o : TenantOutcome.values()) {
            Integer n = counts.get(o);
            if (n != null && n > 0) {
                b.append(sep).append(n).append(' ').append(o.word());
                sep = ", ";
            }
        }
        return b.toString();
    }

    private static void addReport(Set<String> ids, SyncReport r) {
        ids.addAll(r.changed());
        ids.addAll(r.removed());
        for (ValidationProblem p : r.problems()) {
            if (!p.operatorWide()) {
                ids.add(p.tenantId());
            }
        }
    }

    /** Guarded by lock. */
    private void print(PipelineEvent e) {
        String identity = e.topic() + '\u0000' + e.tenantId() + '\u0000' + e.commit() + '\u0000' + e.generation()
                + '\u0000' + (e.stage() == null ? "" : e.stage().id());
        named.add(e.tenantId());
        if (printed.add(identity)) {
            printer.print(e.summary());
        }
    }
}
