package bbh.itest.systemd;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import bbh.api.systemd.JobResult;
import bbh.api.systemd.SystemdManager;
import bbh.itest.BbhOptions;
import bbh.itest.host.TestHost;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Hashtable;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.junit.Assume;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The component {@code SystemdBus} in the framework, against a booted systemd: with configuration
 * {@code bbh.systemd} pointing at the test host's bus, {@code SystemdManager} is registered and
 * drives units through dbus-java embedded in bbh.tenant; when the bus daemon dies the service goes
 * away, and comes back once the bus is there again (dbus.socket restarts it on the next connect).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SystemdBusIT {

    private static final long WAIT_SECONDS = 30;

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] config() {
        return BbhOptions.bbhRuntime();
    }

    @Test
    public void managerIsRegisteredOnlyWhileTheBusIsReachable() throws Exception {
        Assume.assumeTrue(TestHost.unavailableReason().orElse(""), TestHost.available());
        BlockingQueue<ServiceEvent> events = new LinkedBlockingQueue<>();
        ServiceListener listener = events::add;
        context.addServiceListener(listener, "(objectClass=" + SystemdManager.class.getName() + ")");
        org.osgi.service.cm.Configuration configuration = configurationAdmin.getConfiguration("bbh.systemd", "?");
        try (TestHost host = TestHost.start("bbh-it-" + ProcessHandle.current().pid() + "-bus")) {
            Files.writeString(host.root().resolve("etc/systemd/system/bbh-it-osgi.service"),
                    "[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/bin/true\n");
            Hashtable<String, Object> properties = new Hashtable<>();
            properties.put("bus", host.busAddress());
            properties.put("retry", 1);
            configuration.update(properties);

            ServiceReference<?> registered = next(events, ServiceEvent.REGISTERED);
            assertEquals(host.busAddress(), registered.getProperty("bbh.systemd.bus"));
            SystemdManager systemd = (SystemdManager) context.getService(registered);
            assertNotNull(systemd);
            assertEquals(registered.getProperty("bbh.systemd.version"), systemd.version());
            systemd.reload();
            JobResult started = systemd.start("bbh-it-osgi.service", Duration.ofSeconds(30));
            assertEquals("done", started.result());
            assertEquals("active", systemd.activeState("bbh-it-osgi.service"));
            context.ungetService(registered);

            long busDaemon = (Long) systemd.unitProperties("dbus.service").get("MainPID");
            host.exec("/bin/sh", "-c", "kill -KILL " + busDaemon).requireSuccess();
            next(events, ServiceEvent.UNREGISTERING);

            // The next attempt connects to dbus.socket, which starts the bus daemon again.
            ServiceReference<?> again = next(events, ServiceEvent.REGISTERED);
            SystemdManager reconnected = (SystemdManager) context.getService(again);
            assertEquals("active", reconnected.activeState("bbh-it-osgi.service"));
            context.ungetService(again);

            configuration.delete();
            next(events, ServiceEvent.UNREGISTERING);
        } finally {
            context.removeServiceListener(listener);
            if (configurationExists()) {
                configuration.delete();
            }
        }
        assertTrue("a SystemdManager is still registered without configuration",
                context.getServiceReferences(SystemdManager.class, null).isEmpty());
    }

    /** The next service event, which must be of {@code type}; fails after the deadline. */
    private static ServiceReference<?> next(BlockingQueue<ServiceEvent> events, int type) throws InterruptedException {
        ServiceEvent event = events.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull("no SystemdManager service event " + type + " within " + WAIT_SECONDS + " s", event);
        assertEquals("SystemdManager service event", type, event.getType());
        return event.getServiceReference();
    }

    private boolean configurationExists() throws Exception {
        return configurationAdmin.listConfigurations("(service.pid=bbh.systemd)") != null;
    }
}
