package bbh.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import bbh.api.source.TenantRepository;
import bbh.api.status.PipelineStatus;
import bbh.api.tenant.TenantValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.event.EventAdmin;

/**
 * Smoke test of the runtime: every bundle starts, and the platform's and bbh's services are there.
 * When this fails, the other ITs fail for the same reason; read this one first.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RuntimeIT {

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return BbhOptions.bbhRuntime();
    }

    @Test
    public void everyBundleIsActiveAndEveryFragmentResolved() {
        List<String> wrong = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            int expected = fragment ? Bundle.RESOLVED : Bundle.ACTIVE;
            if (b.getBundleId() != 0 && b.getState() != expected) {
                wrong.add(b.getSymbolicName() + " " + b.getVersion() + " is " + stateName(b.getState())
                        + ", expected " + stateName(expected));
            }
        }
        assertTrue("bundles not started:\n  " + String.join("\n  ", wrong), wrong.isEmpty());
    }

    @Test
    public void bbhBundlesAreInstalled() {
        Set<String> names = new TreeSet<>();
        for (Bundle b : context.getBundles()) {
            names.add(b.getSymbolicName());
        }
        for (String module : BbhOptions.BBH_MODULES) {
            assertTrue(module + " is not installed; bundles: " + names, names.contains(module));
        }
    }

    /**
     * slf4j 2 finds its provider through ServiceLoader, which SPI Fly mediates; without it (or with
     * SPI Fly started too late) every logger of JGit and networknt is silently a no-op.
     */
    @Test
    public void slf4jLogsThroughItsProvider() {
        String factory = org.slf4j.LoggerFactory.getILoggerFactory().getClass().getName();
        assertTrue("slf4j uses " + factory + ", expected slf4j-simple's", factory.startsWith("org.slf4j.simple."));
    }

    @Test
    public void platformServicesAreRegistered() {
        Await.service(context, EventAdmin.class);
        Await.service(context, ConfigurationAdmin.class);
        Await.service(context, ServiceComponentRuntime.class);
    }

    @Test
    public void bbhServicesAreRegistered() {
        Await.service(context, TenantValidator.class);
        Await.service(context, PipelineStatus.class);
    }

    /** Without its configuration {@code bbh.source} the repository must not run (configuration-policy REQUIRE). */
    @Test
    public void tenantRepositoryWaitsForItsConfiguration() {
        // Once PipelineStatus is there, SCR has processed bbh.tenant's components.
        Await.service(context, PipelineStatus.class);
        assertNull("TenantRepository registered without a bbh.source configuration",
                context.getServiceReference(TenantRepository.class));
    }

    @Test
    public void noBbhComponentFailedToActivate() {
        ServiceComponentRuntime scr = Await.service(context, ServiceComponentRuntime.class);
        Bundle tenant = bundle("bbh.tenant");
        Await.service(context, PipelineStatus.class);
        List<String> failed = new ArrayList<>();
        int components = 0;
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(tenant)) {
            components++;
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    failed.add(d.name + ": " + c.failure);
                }
            }
        }
        assertTrue("bbh.tenant declares no DS component", components > 0);
        assertEquals("components that failed to activate", List.of(), failed);
    }

    /**
     * Every reference's target filter parses. SCR only logs a bad one ("Invalid syntax in target
     * property") and puts a filter in its place that matches nothing, so the reference never binds:
     * a stage provider would never be used. An empty default of a {@code *_target()} element of a
     * component property type is the usual cause.
     */
    @Test
    public void everyBbhReferenceTargetIsAValidFilter() {
        ServiceComponentRuntime scr = Await.service(context, ServiceComponentRuntime.class);
        Await.service(context, PipelineStatus.class);
        List<String> bad = new ArrayList<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(bundle("bbh.tenant"))) {
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                for (ReferenceDTO r : d.references) {
                    Object target = c.properties.get(r.name + ".target");
                    if (target != null && !isFilter(String.valueOf(target))) {
                        bad.add(d.name + " reference " + r.name + ": target '" + target + "'");
                    }
                }
            }
        }
        assertEquals("references whose target is no valid filter", List.of(), bad);
    }

    private static boolean isFilter(String filter) {
        try {
            FrameworkUtil.createFilter(filter);
            return true;
        } catch (InvalidSyntaxException e) {
            return false;
        }
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError(symbolicName + " is not installed");
    }

    private static String stateName(int state) {
        switch (state) {
            case Bundle.INSTALLED: return "INSTALLED";
            case Bundle.RESOLVED: return "RESOLVED";
            case Bundle.STARTING: return "STARTING";
            case Bundle.STOPPING: return "STOPPING";
            case Bundle.ACTIVE: return "ACTIVE";
            default: return "UNINSTALLED";
        }
    }
}
