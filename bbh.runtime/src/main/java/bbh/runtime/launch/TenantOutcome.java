package bbh.runtime.launch;

import bbh.api.status.StageState;
import bbh.api.status.StageStatus;
import bbh.api.status.TenantStatus;
import java.util.Optional;

/** Where one tenant ended up, as the batch summary says it. */
enum TenantOutcome {
    /** Every stage done. */
    DONE,
    /** Stopped before a stage no bundle provides on this host, or one the tenant skips (disabled); not an error. */
    STOPPED,
    /** A stage failed. */
    FAILED,
    /** The tenant left the repository. */
    REMOVED,
    /** Not settled yet, or no status at all. */
    PENDING;

    /** The outcome of {@code status}; {@link #PENDING} when there is none. */
    static TenantOutcome of(Optional<TenantStatus> status) {
        if (status.isEmpty()) {
            return PENDING;
        }
        TenantStatus s = status.get();
        if (s.removed()) {
            return REMOVED;
        }
        if (!s.settled()) {
            return PENDING;
        }
        Optional<StageStatus> stop = s.stoppedAt();
        if (stop.isEmpty()) {
            return DONE;
        }
        return stop.get().state() == StageState.FAILED ? FAILED : STOPPED;
    }

    /** The summary's word for it. */
    String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** What an operator wants to read next to it: why it failed, where it stopped or waits. */
    static String message(Optional<TenantStatus> status) {
        TenantOutcome o = of(status);
        if (status.isEmpty()) {
            return "no status yet";
        }
        TenantStatus s = status.get();
        switch (o) {
            case FAILED: {
                StageStatus f = s.stoppedAt().orElseThrow();
                return f.stage().id() + ": " + oneLine(f.message());
            }
            case STOPPED: {
                StageStatus a = s.stoppedAt().orElseThrow();
                String m = oneLine(a.message());
                String how = a.state() == StageState.SKIPPED ? " skipped" : " absent";
                return a.stage().id() + how + (m.isEmpty() ? "" : ": " + m);
            }
            case PENDING:
                for (StageStatus st : s.stages()) {
                    if (st.state() == StageState.RUNNING) {
                        return st.stage().id() + " running";
                    }
                }
                for (StageStatus st : s.stages()) {
                    if (st.state() == StageState.PENDING) {
                        return "waiting for " + st.stage().id();
                    }
                }
                return "";
            default:
                return "";
        }
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.strip().replace("\r", "").replace("\n", "; ");
    }
}
