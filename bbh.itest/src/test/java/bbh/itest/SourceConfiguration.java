package bbh.itest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Hashtable;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** The ConfigAdmin configuration {@code bbh.source} that makes bbh.tenant follow a repository. */
final class SourceConfiguration {
    private SourceConfiguration() {}

    /** The configuration's PID. */
    static final String PID = "bbh.source";

    /**
     * Creates (or replaces) the configuration: follow {@code location}, sync only on demand
     * (interval 0) after the first sync, and write everything under {@code root}.
     */
    static Configuration follow(ConfigurationAdmin configurationAdmin, String location, Path root) {
        try {
            // Location "?": bound to no bundle, so bbh.tenant's SCR sees it, not only the test probe.
            Configuration c = configurationAdmin.getConfiguration(PID, "?");
            Hashtable<String, Object> p = new Hashtable<>();
            p.put("location", location);
            p.put("interval", 0);
            p.put("root", root.toString());
            c.update(p);
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write configuration " + PID, e);
        }
    }

    /**
     * Configures PID {@code bbh.pipeline} so that no units-written provider matches its target
     * filter: the stage is absent and tenants stop after validation.
     */
    static Configuration withoutUnitsStage(ConfigurationAdmin configurationAdmin) {
        try {
            Configuration c = configurationAdmin.getConfiguration("bbh.pipeline", "?");
            Hashtable<String, Object> p = new Hashtable<>();
            p.put("units.target", "(bbh.stage=none)");
            c.update(p);
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write configuration bbh.pipeline", e);
        }
    }
}
