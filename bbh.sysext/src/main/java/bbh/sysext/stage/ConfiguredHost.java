package bbh.sysext.stage;

import bbh.api.stage.HostLayout;
import java.io.IOException;
import java.util.Dictionary;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The host layout the extension components work on: {@code root} and {@code state} of PID
 * {@value SysextConfig#PID} when set, else those of the repository's PID {@code bbh.source} (what
 * {@code bin/bbh run --root} sets), so one setting moves the whole of bbh.
 */
public final class ConfiguredHost {
    private ConfiguredHost() {}

    /** PID of the repository source, whose root and state apply when this bundle's are not set. */
    static final String SOURCE_PID = "bbh.source";

    /** The layout; {@code configurationAdmin} may be null (then only {@code config} counts). */
    public static HostLayout of(SysextConfig config, ConfigurationAdmin configurationAdmin) {
        String root = config.root();
        String state = config.state();
        if ((root == null || root.isBlank()) && configurationAdmin != null) {
            try {
                Configuration[] found = configurationAdmin.listConfigurations("(service.pid=" + SOURCE_PID + ")");
                Dictionary<String, Object> p = found == null || found.length == 0 ? null : found[0].getProperties();
                if (p != null) {
                    root = p.get("root") == null ? null : p.get("root").toString();
                    if (state == null || state.isBlank()) {
                        state = p.get("state") == null ? null : p.get("state").toString();
                    }
                }
            } catch (IOException | InvalidSyntaxException e) {
                // No source configuration to follow: the defaults below.
            }
        }
        return HostLayout.configured(root, state);
    }
}
