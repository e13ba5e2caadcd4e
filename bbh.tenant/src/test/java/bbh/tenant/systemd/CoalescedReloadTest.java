package bbh.tenant.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bbh.api.systemd.SystemdException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Reloads asked for during a running one share the next; a failed reload fails everyone it served. */
class CoalescedReloadTest {

    @Test
    void callersDuringAReloadShareTheNextOne() throws Exception {
        Blocking first = new Blocking(null);
        CoalescedReload reload = new CoalescedReload(first);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> calls = new ArrayList<>();
            calls.add(pool.submit(() -> {
                reload.reloadAfterWrites();
                return null;
            }));
            assertTrue(first.started.await(10, TimeUnit.SECONDS));
            for (int i = 0; i < 5; i++) {
                calls.add(pool.submit(() -> {
                    reload.reloadAfterWrites();
                    return null;
                }));
            }
            awaitWaiting(reload, 5);
            first.release.countDown();
            for (Future<?> f : calls) {
                f.get(10, TimeUnit.SECONDS);
            }
            assertEquals(2, first.reloads.get(), "the first, and one shared by the five that came during it");
            assertEquals(2, reload.rounds());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailedSharedReloadFailsEveryCallerItServedAndTheNextCallReloadsAgain() throws Exception {
        SystemdException denied = new SystemdException("org.freedesktop.DBus.Error.AccessDenied: no");
        Blocking systemd = new Blocking(denied);
        CoalescedReload reload = new CoalescedReload(systemd);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<?> running = pool.submit(() -> {
                reload.reloadAfterWrites();
                return null;
            });
            assertTrue(systemd.started.await(10, TimeUnit.SECONDS));
            Future<?> a = pool.submit(() -> {
                reload.reloadAfterWrites();
                return null;
            });
            Future<?> b = pool.submit(() -> {
                reload.reloadAfterWrites();
                return null;
            });
            awaitWaiting(reload, 2);
            systemd.release.countDown();
            for (Future<?> f : List.of(running, a, b)) {
                ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
                assertSame(denied, e.getCause());
            }
            assertEquals(2, systemd.reloads.get());
            assertThrows(SystemdException.class, reload::reloadAfterWrites);
            assertEquals(3, systemd.reloads.get(), "a later call never reuses an old outcome");
        } finally {
            pool.shutdownNow();
        }
    }

    /** Waits (bounded) until {@code n} callers are parked behind the running reload. */
    private static void awaitWaiting(CoalescedReload reload, int n) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (reload.waiting() < n) {
            assertTrue(System.nanoTime() < deadline, "callers not waiting: " + reload.waiting());
            Thread.onSpinWait();
        }
    }

    /** The first reload blocks until released; every reload counts, and fails with {@code failure} if given. */
    private static final class Blocking implements CoalescedReload.Reload {
        final AtomicInteger reloads = new AtomicInteger();
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final SystemdException failure;

        Blocking(SystemdException failure) {
            this.failure = failure;
        }

        @Override
        public void run() throws SystemdException {
            if (reloads.incrementAndGet() == 1) {
                started.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }
}
