package bbh.tenant.pipeline;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * Runs work in one lane per tenant: the work of one tenant in the order it was submitted, one piece
 * at a time; different tenants' work in parallel on a shared pool.
 */
final class TenantLanes {

    private final ExecutorService pool;
    private final Map<String, CompletableFuture<Void>> tails = new HashMap<>();
    private final BiConsumer<String, Throwable> onError;

    /**
     * @param threads how many tenants may be worked on at once
     * @param onError told of work that threw, with the tenant; the lane goes on
     */
    TenantLanes(int threads, BiConsumer<String, Throwable> onError) {
        this.pool = Executors.newFixedThreadPool(threads, namedThreads("bbh-lane-"));
        this.onError = onError;
    }

    /** Queues {@code work} behind the tenant's earlier work. */
    void submit(String tenantId, Runnable work) {
        synchronized (tails) {
            CompletableFuture<Void> tail = tails.getOrDefault(tenantId, CompletableFuture.completedFuture(null));
            CompletableFuture<Void> next = tail.thenRunAsync(() -> {
                try {
                    work.run();
                } catch (RuntimeException | Error e) {
                    onError.accept(tenantId, e);
                }
            }, pool);
            tails.put(tenantId, next);
            // Forget the lane once it is idle, so the map holds only tenants with work queued.
            next.whenComplete((v, t) -> {
                synchronized (tails) {
                    tails.remove(tenantId, next);
                }
            });
        }
    }

    /** True when no tenant has work queued or running. */
    boolean idle() {
        synchronized (tails) {
            return tails.isEmpty();
        }
    }

    /**
     * Stops taking work and waits up to {@code timeoutMillis} for queued work to finish, so a
     * stage in progress is not cut off in the middle when the bundle stops.
     */
    void shutdown(long timeoutMillis) {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    static ThreadFactory namedThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
