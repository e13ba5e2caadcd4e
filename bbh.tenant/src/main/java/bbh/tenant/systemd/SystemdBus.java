package bbh.tenant.systemd;

import bbh.api.systemd.SystemdManager;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The systemd bbh drives, configured by PID {@value #PID}: keeps a {@link SystemdConnection} to the
 * configured bus and registers it as {@link SystemdManager} only while it is connected, as that
 * interface promises ({@link KeptConnection}: connecting off the activating thread, a retry every
 * {@code retry} seconds, unregistered at once when the connection breaks). Stages that need a
 * running systemd bind to the service and skip their systemd part while it is absent (bbh rendering
 * into a folder has no such configuration at all).
 *
 * <p>Service properties: {@value #BUS_PROPERTY} (the D-Bus address) and {@value #VERSION_PROPERTY}
 * (systemd's version at connection time).
 */
@Component(immediate = true, service = {}, configurationPid = SystemdBus.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = SystemdBus.Config.class)
public final class SystemdBus {

    /** Configuration PID. */
    public static final String PID = "bbh.systemd";
    /** What {@code bus = system} means: the system bus's standard address (sd-bus's default too). */
    public static final String SYSTEM_BUS = "unix:path=/run/dbus/system_bus_socket";
    /** Service property: the D-Bus address of the registered manager. */
    public static final String BUS_PROPERTY = "bbh.systemd.bus";
    /** Service property: systemd's version when the connection was made. */
    public static final String VERSION_PROPERTY = "bbh.systemd.version";

    @ObjectClassDefinition(name = "bbh systemd", description = "The systemd manager bbh reloads and starts units with")
    public @interface Config {
        @AttributeDefinition(description = "'system' for the system bus (" + SYSTEM_BUS + "), or a D-Bus address")
        String bus() default "system";

        @AttributeDefinition(description = "Seconds between attempts to reach systemd while it cannot be reached; 0 tries once")
        int retry() default 5;
    }

    private KeptConnection<SystemdConnection> kept;

    /** The D-Bus address configuration value {@code bus} stands for. */
    static String address(String bus) {
        String value = bus == null ? "" : bus.strip();
        return value.isEmpty() || value.equals("system") ? SYSTEM_BUS : value;
    }

    @Activate
    void activate(BundleContext context, Config config) {
        kept = new KeptConnection<>(context, "systemd", SystemdManager.class, address(config.bus()), config.retry(),
                SystemdConnection::open, c -> Map.of(VERSION_PROPERTY, c.version()));
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        kept.stop();
    }
}
