package bbh.runtime.launch;

/**
 * The framework properties bin/bbh sets (as {@code -D} system properties, which Felix's
 * {@code BundleContext.getProperty} falls back to) to tell the runtime what to do.
 */
public final class LaunchProperties {
    private LaunchProperties() {}

    /** The tenant repository, a folder or a git URL; when set, the {@code bbh.source} configuration is made. */
    public static final String REPO = "bbh.repo";

    /** The branch to follow, optional. */
    public static final String BRANCH = "bbh.branch";

    /** The host root prefix everything is written under, optional (bbh.tenant's default is {@code /}). */
    public static final String ROOT = "bbh.root";

    /** bbh's own state folder, optional (bbh.tenant's default is {@code <root>/var/lib/bbh}). */
    public static final String STATE = "bbh.state";

    /** Seconds between fetches, optional; 0 fetches only on demand. */
    public static final String INTERVAL = "bbh.interval";

    /**
     * The D-Bus address of the systemd bbh drives, optional: when set, the {@code bbh.systemd}
     * configuration is made, and the repository is followed only once systemd answers there (or the
     * wait for it ends), so that the first commit's stages already reach it.
     */
    public static final String BUS = "bbh.bus";

    /**
     * The last pipeline stage to run, by its id (e.g. {@code units-written}), optional: when set, the
     * {@code bbh.pipeline} configuration's {@code until} is made before the repository is followed.
     */
    public static final String UNTIL = "bbh.until";

    /**
     * The operator's configuration folder, optional: {@code <pid>.json} and
     * {@code <factoryPid>~<name>.json} files applied to ConfigAdmin before anything else (see
     * OperatorConfiguration).
     */
    public static final String CONFIG = "bbh.config";

    /** The folder bin/bbh was called from: relative paths in the other properties are relative to it. */
    public static final String CWD = "bbh.cwd";

    /** The batch command to run and then stop: {@code validate}, {@code render} or {@code once}. */
    public static final String BATCH = "bbh.batch";

    /** The location {@code validate} checks: a folder or a git URL. */
    public static final String BATCH_LOCATION = "bbh.batch.location";

    /** Seconds {@code render} waits for every tenant to settle; default 300. */
    public static final String BATCH_TIMEOUT = "bbh.batch.timeout";

    /** The file the batch command's exit code is written to before the framework stops. */
    public static final String EXIT_FILE = "bbh.exit.file";
}
