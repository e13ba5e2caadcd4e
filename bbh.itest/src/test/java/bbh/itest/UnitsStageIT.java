package bbh.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import bbh.api.pipeline.PipelineTopics;
import bbh.api.pipeline.Stage;
import bbh.api.source.TenantRepository;
import bbh.api.status.PipelineStatus;
import bbh.api.status.StageState;
import bbh.api.status.TenantStatus;
import bbh.api.systemd.SystemdManager;
import bbh.itest.host.TestHost;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
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
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The units-written stage in the framework against a booted systemd: commits become units that
 * systemd loaded (through tenant-generator on daemon-reload), with the metadata's limits read back
 * over D-Bus; a change reaches systemd, a removal takes the units away.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class UnitsStageIT {

    private static final String ACME_SLICE = "tenant-acme.slice";
    private static final String UMBRELLA = "umbrella-research-lab";
    private static final String UMBRELLA_SLICE = "tenant-umbrella\\x2dresearch\\x2dlab.slice";

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] config() {
        return BbhOptions.bbhRuntime();
    }

    @Test
    public void commitsBecomeLoadedUnitsWithTheMetadatasLimits() throws Exception {
        Assume.assumeTrue(TestHost.unavailableReason().orElse(""), TestHost.available());
        org.osgi.service.cm.Configuration bus = configurationAdmin.getConfiguration("bbh.systemd", "?");
        org.osgi.service.cm.Configuration source = null;
        PipelineEventQueue events = PipelineEventQueue.subscribe(context);
        try (TestHost host = TestHost.start("bbh-it-" + ProcessHandle.current().pid() + "-units")) {
            Hashtable<String, Object> p = new Hashtable<>();
            p.put("bus", host.busAddress());
            bus.update(p);
            SystemdManager systemd = Await.service(context, SystemdManager.class);

            TenantGitRepo repo = TenantGitRepo.init(Scratch.folder("units-repo"));
            repo.write("acme", metadata("acme", "10.1.0.0/24", "2G", "150%", 200, 321));
            repo.write(UMBRELLA, metadata(UMBRELLA, "10.2.0.0/24", "512M", "50%", 100, 64));
            repo.commit("two tenants");
            source = SourceConfiguration.follow(configurationAdmin, repo.top().toString(), host.root());

            events.awaitAll(PipelineTopics.UNITS_WRITTEN, List.of("acme", UMBRELLA));
            Map<String, Object> acme = systemd.unitProperties(ACME_SLICE);
            assertEquals("loaded", acme.get("LoadState"));
            assertEquals(2L << 30, acme.get("MemoryMax"));
            assertEquals(1_500_000L, acme.get("CPUQuotaPerSecUSec"));
            assertEquals(200L, acme.get("CPUWeight"));
            assertEquals(321L, acme.get("TasksMax"));
            assertEquals("tenant.slice", acme.get("Slice"));
            Map<String, Object> umbrella = systemd.unitProperties(UMBRELLA_SLICE);
            assertEquals(512L << 20, umbrella.get("MemoryMax"));
            assertEquals(500_000L, umbrella.get("CPUQuotaPerSecUSec"));
            Map<String, Object> tenant = systemd.unitProperties("tenant@umbrella\\x2dresearch\\x2dlab.service");
            assertEquals("loaded", tenant.get("LoadState"));
            // Debian 12 has merged /usr: systemd may name the template by its /lib path.
            assertTrue(String.valueOf(tenant.get("FragmentPath")),
                    String.valueOf(tenant.get("FragmentPath")).endsWith("lib/systemd/system/tenant@.service"));
            assertTrue(String.valueOf(tenant.get("DropInPaths")), String.valueOf(tenant.get("DropInPaths"))
                    .contains("/run/systemd/generator/tenant@umbrella\\x2dresearch\\x2dlab.service.d/50-bbh.conf"));

            PipelineStatus status = Await.service(context, PipelineStatus.class);
            Await.until(() -> {
                TenantStatus t = status.tenant("acme").orElse(null);
                return t != null && t.settled() && t.stage(Stage.UNITS_WRITTEN).state() == StageState.DONE
                        && t.stage(Stage.NETWORK_UP).state() == StageState.ABSENT ? null : "acme: " + t;
            });

            // A change of one tenant reaches systemd.
            repo.write("acme", metadata("acme", "10.1.0.0/24", "3G", "150%", 200, 321));
            repo.commit("acme grows");
            TenantRepository repository = Await.service(context, TenantRepository.class);
            assertEquals(List.of("acme"), repository.sync().changed());
            events.awaitAll(PipelineTopics.UNITS_WRITTEN, List.of("acme"));
            assertEquals(3L << 30, systemd.unitProperties(ACME_SLICE).get("MemoryMax"));

            // A removed tenant's units are gone.
            repo.delete(UMBRELLA);
            repo.commit("umbrella leaves");
            assertEquals(List.of(UMBRELLA), repository.sync().removed());
            events.awaitAll(PipelineTopics.REMOVED, List.of(UMBRELLA));
            // The status's own handler may see REMOVED after this test's: wait for the removal's end.
            Await.until(() -> status.tenant(UMBRELLA).filter(TenantStatus::removed).isPresent() ? null : "not removed yet");
            // systemd makes up any slice on demand and the template stays, so "gone" means: no
            // fragment and no limit for the slice, and no bbh drop-in for the tenant's units.
            // systemd answers Reload once it reloaded, yet for a few ms after it may still show the
            // slice's old fragment: wait for the state, with a deadline.
            Await.until(() -> {
                try {
                    Map<String, Object> gone = systemd.unitProperties(UMBRELLA_SLICE);
                    return "".equals(gone.get("FragmentPath")) && Long.valueOf(-1L).equals(gone.get("MemoryMax"))
                            ? null : "slice still configured: " + gone.get("FragmentPath") + " " + gone.get("MemoryMax");
                } catch (bbh.api.systemd.SystemdException e) {
                    return e.getMessage();
                }
            });
            String dropIns = String.valueOf(systemd.unitProperties("tenant@umbrella\\x2dresearch\\x2dlab.service")
                    .get("DropInPaths"));
            assertTrue(dropIns, !dropIns.contains("50-bbh.conf"));
        } finally {
            events.close();
            if (source != null) {
                source.delete();
            }
            bus.delete();
        }
    }

    private static String metadata(String id, String subnet, String memoryMax, String cpuQuota, int cpuWeight,
            int tasksMax) {
        return """
                {
                  "schemaVersion": 1,
                  "id": "%s",
                  "description": "units stage test",
                  "backend": "nspawn",
                  "resources": { "cpuWeight": %d, "cpuQuota": "%s", "memoryMax": "%s", "tasksMax": %d },
                  "network": { "subnet": "%s" }
                }
                """.formatted(id, cpuWeight, cpuQuota, memoryMax, tasksMax, subnet);
    }
}
