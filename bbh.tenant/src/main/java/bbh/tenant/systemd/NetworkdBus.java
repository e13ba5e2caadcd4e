package bbh.tenant.systemd;

import bbh.api.systemd.Networkd;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;

/**
 * systemd-networkd on the bus configured for systemd (PID {@value SystemdBus#PID}, the same
 * {@code bus} and {@code retry}): keeps a {@link NetworkdConnection} and registers it as
 * {@link Networkd} only while networkd answers ({@link KeptConnection}, as {@link SystemdBus} does). A host
 * whose networkd does not run has no such service; the network stage then only writes files.
 *
 * <p>Service property {@value SystemdBus#BUS_PROPERTY}: the D-Bus address.
 */
@Component(immediate = true, service = {}, configurationPid = SystemdBus.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class NetworkdBus {

    private KeptConnection<NetworkdConnection> kept;

    @Activate
    void activate(BundleContext context, SystemdBus.Config config) {
        kept = new KeptConnection<>(context, "networkd", Networkd.class, SystemdBus.address(config.bus()),
                config.retry(), NetworkdConnection::open, c -> Map.of());
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        kept.stop();
    }
}
