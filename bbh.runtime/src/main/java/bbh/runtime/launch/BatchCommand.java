package bbh.runtime.launch;

import java.time.Duration;
import java.util.function.Function;

/** What the batch mode was asked to do, read from the launch properties. */
sealed interface BatchCommand {

    /** How long {@code render} waits for the tenants by default. */
    Duration DEFAULT_TIMEOUT = Duration.ofSeconds(300);

    /**
     * Validate the repository at {@code location} and report each problem.
     *
     * @param location an absolute folder path or a git URL
     */
    record Validate(String location) implements BatchCommand {}

    /**
     * Synchronise the configured repository once and wait until every tenant settled.
     *
     * @param timeout how long to wait for the tenants
     */
    record Render(Duration timeout) implements BatchCommand {}

    /**
     * The command {@link LaunchProperties#BATCH} names.
     *
     * @param launch looks up a launch property, null when unset
     * @throws UsageException when the command is unknown or lacks what it needs
     */
    static BatchCommand parse(Function<String, String> launch) throws UsageException {
        String name = SourceConfiguration.value(launch, LaunchProperties.BATCH);
        if (name == null) {
            throw new UsageException(LaunchProperties.BATCH + ": a command (validate, render) was expected");
        }
        switch (name) {
            case "validate": {
                String location = SourceConfiguration.value(launch, LaunchProperties.BATCH_LOCATION);
                if (location == null) {
                    throw new UsageException("validate: a repository location was expected in "
                            + LaunchProperties.BATCH_LOCATION);
                }
                return new Validate(Locations.absoluteLocation(location, SourceConfiguration.cwd(launch)));
            }
            case "render":
            case "once": {
                if (SourceConfiguration.value(launch, LaunchProperties.REPO) == null) {
                    throw new UsageException(name + ": a repository was expected in " + LaunchProperties.REPO);
                }
                // Fail here rather than in the configuration component, where nobody would see it.
                SourceConfiguration.from(launch);
                String timeout = SourceConfiguration.value(launch, LaunchProperties.BATCH_TIMEOUT);
                Duration t = timeout == null
                        ? DEFAULT_TIMEOUT
                        : Duration.ofSeconds(SourceConfiguration.seconds(LaunchProperties.BATCH_TIMEOUT, timeout, 1));
                return new Render(t);
            }
            default:
                throw new UsageException(LaunchProperties.BATCH + ": unknown command '" + name
                        + "'; validate, render or once was expected");
        }
    }
}
