package bbh.api.status;

/** Where one stage stands for one tenant and commit. */
public enum StageState {
    /** Not reached yet: an earlier stage is still working, or has not been triggered. */
    PENDING,
    /** The stage is working on the tenant now. */
    RUNNING,
    /** The stage finished and posted its event. */
    DONE,
    /** The stage failed; the message says why. Later stages stay PENDING. */
    FAILED,
    /**
     * No bundle on this host provides the stage; the pipeline stops before it. Later stages stay
     * PENDING.
     */
    ABSENT,
    /**
     * The stage ran and, as the tenant declares, left it short of the stage's state on purpose (a
     * disabled tenant's machine is stopped, not started); the message says why. Not an error. Later
     * stages stay PENDING. Since 1.1.
     */
    SKIPPED
}
