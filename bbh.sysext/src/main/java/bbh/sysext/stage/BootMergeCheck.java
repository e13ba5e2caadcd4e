package bbh.sysext.stage;

import bbh.api.stage.HostLayout;
import bbh.api.systemd.SystemdException;
import bbh.api.systemd.SystemdManager;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Confirms images that were switched while the tenant's machine did not run. The overlay stage runs
 * before vm-started, so on a tenant's first commit (or while its machine is stopped) it can only
 * stage and verify them: the machine's own systemd-sysext.service merges them when it boots. Once
 * the machine is started (VM_STARTED of that commit), this asks the machine what it merged
 * ({@code bbh-sysext-status@<id>.service}, {@link MachineMerge}) and records the answer in the
 * tenant's note: the pipeline state stays as it was, the note says whether the merge at boot
 * happened. One thread: a check takes a unit start, and EventAdmin wants handlers to return fast.
 */
final class BootMergeCheck {

    /** What to check for a tenant: the images switched at {@code commit}. */
    record Pending(String commit, HostLayout host, List<MachineMerge.Expected> expected) {}

    /** Receives the result: tenant id, commit, what the note says now. */
    interface Result {
        void noted(String id, String commit, String merged);
    }

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "bbh.sysext boot-merge check");
        t.setDaemon(true);
        return t;
    });

    /** The images of {@code id} at {@code p.commit()} wait for the machine to boot. */
    void await(String id, Pending p) {
        pending.put(id, p);
    }

    /** A later commit left the images as they were: a check still waiting now waits for that commit's start. */
    void sameImagesAt(String id, String commit) {
        pending.computeIfPresent(id, (k, p) -> new Pending(commit, p.host(), p.expected()));
    }

    /** The tenant's images were confirmed another way, or it left: nothing to check at its boot. */
    void forget(String id) {
        pending.remove(id);
    }

    /** The tenant's machine reached vm-started at {@code commit}: checks in the background. */
    void machineStarted(String id, String commit, Supplier<SystemdManager> systemd, Result result) {
        Pending p = pending.get(id);
        if (p == null || !p.commit().equals(commit)) {
            return;
        }
        thread.execute(() -> {
            if (!pending.remove(id, p)) {
                return;
            }
            result.noted(id, commit, check(id, p, systemd.get()));
        });
    }

    private static String check(String id, Pending p, SystemdManager sm) {
        if (sm == null) {
            return OverlayMountedStage.STAGED_NOT_RUNNING + " when switched; not confirmed after its boot: no systemd reachable";
        }
        String instance = OverlayMountedStage.escapeInstance(id);
        try {
            String how = MachineMerge.confirm(sm, p.host(), id, instance, RefreshUnits.MACHINE_STATUS_TEMPLATE, p.expected(),
                    List.of());
            return "merged by machine " + id + " at its boot, confirmed: " + how;
        } catch (MachineMerge.MergeException | SystemdException | IOException atBoot) {
            // systemd-sysext.service ends successfully even when it could not attach an image (seen
            // here: "Failed to set up loopback device ...: Device or resource busy" while loop devices
            // were contended): one refresh inside the running machine, confirmed the same way.
            try {
                String how = MachineMerge.confirm(sm, p.host(), id, instance, RefreshUnits.MACHINE_TEMPLATE, p.expected(),
                        List.of());
                return "merged by machine " + id + " by a refresh after its boot (at boot: " + atBoot.getMessage() + "), confirmed: "
                        + how;
            } catch (MachineMerge.MergeException | SystemdException | IOException e) {
                return "NOT merged by machine " + id + " at its boot (" + atBoot.getMessage() + ") nor by a refresh after it: "
                        + e.getMessage();
            }
        }
    }

    /** Stops the background thread (the component deactivates). */
    void close() {
        thread.shutdownNow();
    }
}
