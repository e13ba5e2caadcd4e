package bbh.runtime.launch;

import java.lang.reflect.Array;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Map;
import java.util.Objects;
import org.osgi.framework.Constants;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Waits until a configuration is in effect: ConfigurationAdmin delivers an update to the components
 * later, on a thread of its own, so what was configured first could otherwise meet components still
 * running on their old values (a network rule without the operator's uplinks validating the first
 * commit). Declarative Services' own account of its components (ServiceComponentRuntime) says which
 * components take a PID and with what properties each runs; the update is in effect once every one
 * of them carries every configured value. Several components may share one PID (bbh.sysext's rules
 * and its host merges do): all of them must.
 */
final class ConfigurationInEffect {
    private ConfigurationInEffect() {}

    /** How often Declarative Services' account is read again while waiting; it sends no event of its own. */
    private static final long RECHECK_MILLIS = 20;

    /**
     * True once every component configured by {@code pid} (a PID, or a factory configuration's
     * {@code <factoryPid>~<name>}) runs with {@code properties}; false when that does not happen
     * within {@code wait}: no component here takes the PID, or one refused the values (its
     * activation failed).
     */
    static boolean await(ServiceComponentRuntime scr, String pid, Dictionary<String, Object> properties, Duration wait)
            throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            if (inEffect(scr, pid, properties)) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(RECHECK_MILLIS);
        }
    }

    /** Every component configuration made from {@code pid} carries the values, and there is one at least. */
    static boolean inEffect(ServiceComponentRuntime scr, String pid, Dictionary<String, Object> properties) {
        int tilde = pid.indexOf('~');
        String consumed = tilde < 0 ? pid : pid.substring(0, tilde);
        boolean any = false;
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            if (!takes(d, consumed)) {
                continue;
            }
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                if (tilde >= 0 && !pid.equals(c.properties.get(Constants.SERVICE_PID))) {
                    continue; // another factory configuration of the same factory PID
                }
                if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION || !carries(c.properties, properties)) {
                    return false;
                }
                any = true;
            }
        }
        return any;
    }

    private static boolean takes(ComponentDescriptionDTO d, String pid) {
        if (d.configurationPid == null) {
            return false;
        }
        for (String p : d.configurationPid) {
            if (p.equals(pid)) {
                return true;
            }
        }
        return false;
    }

    private static boolean carries(Map<String, Object> running, Dictionary<String, Object> configured) {
        for (Enumeration<String> keys = configured.keys(); keys.hasMoreElements();) {
            String k = keys.nextElement();
            if (!same(configured.get(k), running.get(k))) {
                return false;
            }
        }
        return true;
    }

    /** Equal values; arrays element by element (Declarative Services may hand them back as such). */
    static boolean same(Object configured, Object running) {
        if (configured != null && configured.getClass().isArray()) {
            if (running == null || !running.getClass().isArray()) {
                return false;
            }
            int n = Array.getLength(configured);
            if (n != Array.getLength(running)) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                if (!Objects.equals(Array.get(configured, i), Array.get(running, i))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(configured, running);
    }
}
