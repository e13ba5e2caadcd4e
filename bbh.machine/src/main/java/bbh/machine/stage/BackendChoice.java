package bbh.machine.stage;

import bbh.api.stage.MachineBackend;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The machine backends present, and the rule that picks one for a tenant: among the services whose
 * {@value MachineBackend#NAME} equals the tenant's {@code backend} (and that pass the stage's
 * {@code backends.target} filter, which DS applies before they get here), the one with the highest
 * {@code service.ranking}, then the lowest {@code service.id}: the OSGi rule of
 * {@code getServiceReference}, so an operator makes a backend win with a ranking or a filter, and
 * without either the first one registered wins. A backend that leaves is never picked again; the
 * next one of its name takes over for new work.
 *
 * <p>Thread-safe: DS adds and removes while lanes pick.
 */
final class BackendChoice {

    /** Best first: ranking descending, then service id ascending. */
    static final Comparator<BackendCandidate> ORDER = Comparator.comparingInt(BackendCandidate::ranking).reversed()
            .thenComparingLong(BackendCandidate::serviceId);

    private final Map<Long, BackendCandidate> present = new ConcurrentHashMap<>();

    /** Notified whenever a backend arrives, for {@link #await}. */
    private final Object arrivals = new Object();

    void add(BackendCandidate candidate) {
        present.put(candidate.serviceId(), candidate);
        synchronized (arrivals) {
            arrivals.notifyAll();
        }
    }

    void remove(long serviceId) {
        present.remove(serviceId);
    }

    /** The backend for tenants naming {@code name}, or empty when none of that name is present. */
    Optional<BackendCandidate> pick(String name) {
        return present.values().stream().filter(c -> c.name().equals(name)).min(ORDER);
    }

    /**
     * {@link #pick}, waiting up to {@code grace} for a backend of that name to arrive when none is
     * present: a {@code bundle update} of a backend bundle unregisters its service and registers the
     * new one some tens of milliseconds later, and a tenant reaching its machine stage in between
     * should be started by the new one, not fail for want of a backend.
     */
    Optional<BackendCandidate> await(String name, java.time.Duration grace) throws InterruptedException {
        long end = System.nanoTime() + grace.toNanos();
        synchronized (arrivals) {
            Optional<BackendCandidate> chosen = pick(name);
            long left;
            while (chosen.isEmpty() && (left = end - System.nanoTime()) > 0) {
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(arrivals, left);
                chosen = pick(name);
            }
            return chosen;
        }
    }

    /** True while the service is present (it has not left since it was picked). */
    boolean present(long serviceId) {
        return present.containsKey(serviceId);
    }

    /** Every backend present, by name, then best first. */
    List<BackendCandidate> all() {
        List<BackendCandidate> all = new ArrayList<>(present.values());
        all.sort(Comparator.comparing(BackendCandidate::name).thenComparing(ORDER));
        return all;
    }

    /** The names present, sorted, for an error message. */
    List<String> names() {
        return present.values().stream().map(BackendCandidate::name).distinct().sorted().toList();
    }

    /** The service properties DS gave, read as the rule needs them. */
    static BackendCandidate candidate(MachineBackend backend, Map<String, Object> properties, String bundle) {
        Object name = properties.get(MachineBackend.NAME);
        Object ranking = properties.get("service.ranking");
        Object id = properties.get("service.id");
        return new BackendCandidate(
                name == null ? "" : name.toString(),
                ranking instanceof Integer r ? r : 0,
                id instanceof Number n ? n.longValue() : -1L,
                bundle == null ? "" : bundle.toString(),
                backend);
    }
}
