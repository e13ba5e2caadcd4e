package bbh.itest;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.File;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.options.MavenArtifactProvisionOption;

/**
 * The runtime every integration test starts: the one place that lists its bundles, so that all IT
 * classes test the same set. It mirrors what bbh.runtime's bbh.bndrun runs, minus the Gogo console
 * (a {@code CommandProcessor} session needs only gogo.runtime and gogo.command).
 *
 * <p>Third-party bundles come from the local Maven repository at the versions this module's pom
 * declares ({@code versionAsInProject}, read from the file depends-maven-plugin writes). bbh's own
 * bundles come from their modules' {@code target/} folders: during {@code mvn verify} reactor
 * SNAPSHOTs are built but not installed, so an {@code mvn:} URL would find a stale jar or none.
 */
public final class BbhOptions {
    private BbhOptions() {}

    /** Start level of logging: before everything that may create a logger in its activator. */
    private static final int LOGGING_START_LEVEL = 1;

    /** The bbh bundles the tests run, by module (= Bundle-SymbolicName). */
    static final String[] BBH_MODULES = {"bbh.api", "bbh.tenant", "bbh.sysext", "bbh.machine", "bbh.nspawn"};

    /** Every bundle of the runtime, with the framework properties the tests need. */
    public static Option[] bbhRuntime() {
        return options(
                // The native container runs the framework in this JVM: this is a plain system property.
                // Warnings and errors only, so a test's output shows what went wrong and little else.
                systemProperty("org.slf4j.simpleLogger.defaultLogLevel").value("warn"),
                // Felix lends a bundle's class and resource lookups that come from JDK code (such as
                // ServiceLoader) to the parent class loader: here the Surefire class path, where
                // slf4j-simple also is. slf4j.api then found that copy ("SimpleServiceProvider not a
                // subtype") and fell back to NOP. A real launch has no such class path; neither should
                // the tests.
                frameworkProperty("felix.bootdelegation.implicit").value("false"),

                // slf4j 2 finds its provider with ServiceLoader: SPI Fly mediates it in OSGi. Both
                // must be there before any bundle creates a logger, or that logger stays NOP.
                maven("org.apache.aries.spifly", "org.apache.aries.spifly.dynamic.framework.extension")
                        .noStart().startLevel(LOGGING_START_LEVEL),
                maven("org.slf4j", "slf4j-api").startLevel(LOGGING_START_LEVEL),
                maven("org.slf4j", "slf4j-simple").startLevel(LOGGING_START_LEVEL),

                // Declarative Services and the OSGi APIs SCR does not carry itself.
                maven("org.osgi", "org.osgi.util.function"),
                maven("org.osgi", "org.osgi.util.promise"),
                maven("org.osgi", "org.osgi.service.component"),
                maven("org.apache.felix", "org.apache.felix.scr"),

                // EventAdmin and ConfigAdmin.
                maven("org.osgi", "org.osgi.service.event"),
                maven("org.apache.felix", "org.apache.felix.eventadmin"),
                maven("org.apache.felix", "org.apache.felix.configadmin"),

                // Gogo without a terminal: commands run through a CommandProcessor session.
                maven("org.apache.felix", "org.apache.felix.gogo.runtime"),
                maven("org.apache.felix", "org.apache.felix.gogo.command"),

                // bbh.tenant's libraries: git, JSON, JSON Schema.
                maven("com.googlecode.javaewah", "JavaEWAH"),
                maven("commons-codec", "commons-codec"),
                maven("org.eclipse.jgit", "org.eclipse.jgit"),
                maven("com.fasterxml.jackson.core", "jackson-annotations"),
                maven("com.fasterxml.jackson.core", "jackson-core"),
                maven("com.fasterxml.jackson.core", "jackson-databind"),
                maven("org.yaml", "snakeyaml"),
                maven("com.fasterxml.jackson.dataformat", "jackson-dataformat-yaml"),
                maven("com.ethlo.time", "itu"),
                maven("com.networknt", "json-schema-validator"),

                // bbh itself.
                bbhBundle("bbh.api"),
                bbhBundle("bbh.tenant"),
                bbhBundle("bbh.sysext"),
                bbhBundle("bbh.machine"),
                bbhBundle("bbh.nspawn"),

                junitBundles());
    }

    /**
     * bbh.network, the network-up stage. Not part of {@link #bbhRuntime()}: with it, every test that
     * configures a systemd would also bring up networks, which only the network tests mean to do.
     */
    public static Option networkStage() {
        return bbhBundle("bbh.network");
    }

    /**
     * bbh.vmspawn, the vmspawn machine backend (bbh.runtime runs it). Not part of {@link #bbhRuntime()}
     * so that tests without VMs keep the runtime they had; the machine tests add it.
     */
    public static Option vmspawnBackend() {
        return bbhBundle("bbh.vmspawn");
    }

    /**
     * The example third-party machine backend (examples/backend-ephemeral, bundle
     * org.example.bbh.ephemeral, backend name {@code ephemeral}), from its module's target folder.
     */
    public static Option exampleBackend() {
        File target = new File(new File(System.getProperty("bbh.workspace", "..")), "examples/backend-ephemeral/target");
        String version = System.getProperty("bbh.version");
        File jar = new File(target, "org.example.bbh.ephemeral-" + (version == null ? "0.1.0-SNAPSHOT" : version) + ".jar");
        if (!jar.isFile()) {
            throw new IllegalStateException(jar + " is missing: build it first (mvn package -pl examples/backend-ephemeral)");
        }
        return bundle(jar.toURI().toString());
    }

    private static MavenArtifactProvisionOption maven(String groupId, String artifactId) {
        return mavenBundle().groupId(groupId).artifactId(artifactId).versionAsInProject();
    }

    /** A bbh module's freshly built jar: {@code <workspace>/<module>/target/<module>-<version>.jar}. */
    private static Option bbhBundle(String module) {
        File jar = bbhJar(module);
        return bundle(jar.toURI().toString());
    }

    /**
     * Where a bbh module's jar is. Surefire passes {@code bbh.workspace} and {@code bbh.version} (see
     * this module's pom); without them (an IDE run from the module's folder) the parent folder and
     * the only {@code <module>-*.jar} in its target folder are used.
     */
    static File bbhJar(String module) {
        File workspace = new File(System.getProperty("bbh.workspace", ".."));
        File target = new File(new File(workspace, module), "target");
        String version = System.getProperty("bbh.version");
        if (version != null) {
            File jar = new File(target, module + "-" + version + ".jar");
            if (jar.isFile()) {
                return jar;
            }
            throw new IllegalStateException(jar + " is missing: build " + module + " first (mvn package -pl " + module + ")");
        }
        File[] jars = target.listFiles((dir, name) -> name.startsWith(module + "-") && name.endsWith(".jar")
                && !name.endsWith("-sources.jar") && !name.endsWith("-javadoc.jar"));
        if (jars == null || jars.length != 1) {
            throw new IllegalStateException("expected exactly one " + module + "-*.jar in " + target
                    + ": build " + module + " first, or pass -Dbbh.version");
        }
        return jars[0];
    }
}
