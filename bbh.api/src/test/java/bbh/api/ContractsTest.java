package bbh.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bbh.api.pipeline.PipelineEvent;
import bbh.api.pipeline.PipelineEventKeys;
import bbh.api.pipeline.PipelineTopics;
import bbh.api.pipeline.Stage;
import bbh.api.stage.HostLayout;
import bbh.api.tenant.TenantNames;
import bbh.api.tenant.TenantSpec;
import bbh.api.tenant.TenantUnitFile;
import bbh.api.tenant.ValidationProblem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

class ContractsTest {

    @Test
    void stagesAreChainedInPipelineOrderWithTheirTopics() {
        assertEquals(Optional.of(Stage.VALIDATED), Stage.REPO_CHANGED.next());
        assertEquals(Optional.empty(), Stage.VM_STARTED.next());
        assertEquals(Optional.of(Stage.OVERLAY_MOUNTED), Stage.VM_STARTED.previous());
        assertEquals(Optional.of(Stage.NETWORK_UP), Stage.ofTopic(PipelineTopics.NETWORK_UP));
        assertEquals(Optional.empty(), Stage.ofTopic(PipelineTopics.FAILED));
        assertEquals(Optional.of(Stage.UNITS_WRITTEN), Stage.ofId("units-written"));
        for (Stage s : Stage.values()) {
            assertTrue(s.topic().startsWith(PipelineTopics.PREFIX), s.topic());
        }
    }

    @Test
    void aPipelineEventSurvivesTheTripThroughEventAdminProperties() {
        TenantSpec spec = new TenantSpec(1, "acme", null, true, "nspawn", null, null, null, null, null,
                "tenants/acme/metadata.json");
        PipelineEvent e = PipelineEvent.reached(Stage.VALIDATED, "acme", "c0ffee", 7, spec.sourcePath(), spec);
        Event osgi = e.toEvent();
        assertEquals(PipelineTopics.VALIDATED, osgi.getTopic());
        assertEquals(7L, osgi.getProperty(PipelineEventKeys.GENERATION));
        assertEquals("validated", osgi.getProperty(PipelineEventKeys.STAGE));
        assertFalse(osgi.containsProperty(PipelineEventKeys.ERROR));
        assertEquals(e, PipelineEvent.of(osgi));

        PipelineEvent failed = e.failAt(Stage.UNITS_WRITTEN, "disk full");
        assertEquals(failed, PipelineEvent.of(failed.toEvent()));
        assertTrue(failed.summary().contains("FAILED acme c0ffee gen 7 at units-written: disk full"), failed.summary());
        assertThrows(IllegalArgumentException.class, () -> PipelineEvent.of(new Event("bbh/tenant/X", Map.of())));
        assertEquals("1a2b3c4", PipelineEvent.shortCommit("1a2b3c4d5e6f1a2b3c4d5e6f1a2b3c4d5e6f1a2b"));
        assertEquals("worktree:f9656aa", PipelineEvent.shortCommit("worktree:f9656aaf77a93630e86abc9487eb0dcf45608574"));
        assertEquals("-", PipelineEvent.shortCommit(""));
    }

    @Test
    void interfaceNamesFitTheKernelLimitAndKeepLongIdsApart() {
        assertEquals("br-acme", TenantNames.bridgeName("acme"));
        assertEquals("br-123456789012", TenantNames.bridgeName("123456789012"));
        String a = TenantNames.bridgeName("umbrella-research-lab");
        String b = TenantNames.bridgeName("umbrella-research-lab2");
        assertEquals(15, a.length(), a);
        assertTrue(a.startsWith("br-umbre-"), a);
        assertNotEquals(a, b);
        assertEquals(a, TenantNames.bridgeName("umbrella-research-lab"), "deterministic");
    }

    @Test
    void tenantIdsAreDnsLabels() {
        assertTrue(TenantNames.isValidId("a"));
        assertTrue(TenantNames.isValidId("umbrella-research-lab"));
        assertTrue(TenantNames.isValidId("x".repeat(63)));
        assertFalse(TenantNames.isValidId("x".repeat(64)));
        for (String bad : new String[] {"", "-a", "a-", "A", "a_b", "a.b", "a/b", "a b", "a\nb", null}) {
            assertFalse(TenantNames.isValidId(bad), String.valueOf(bad));
        }
    }

    @Test
    void problemsReadPathLineColumnTenantFieldExpected() {
        assertEquals("tenants/acme/metadata.json:5:18: tenant acme: resources.memoryMax: a size was expected",
                new ValidationProblem("tenants/acme/metadata.json", 5, 18, "acme", "resources.memoryMax",
                        "a size was expected").toString());
        assertEquals("tenants/acme/metadata.json: tenant acme: -: file is missing",
                new ValidationProblem("tenants/acme/metadata.json", 0, 0, "acme", "-", "file is missing").toString());
    }

    @Test
    void hostLayoutPlacesEveryLevelUnderTheRoot() {
        HostLayout h = HostLayout.configured("/tmp/host", "");
        assertEquals(Path.of("/tmp/host/usr/lib/systemd/system"), h.templateUnits());
        assertEquals(Path.of("/tmp/host/run/systemd/system"), h.runtimeUnits());
        assertEquals(Path.of("/tmp/host/var/lib/tenants/acme"), h.tenantState("acme"));
        assertEquals(Path.of("/tmp/host/var/lib/bbh"), h.bbhState());
        assertEquals(Path.of("/srv/state"), HostLayout.configured("/", "/srv/state").bbhState());
    }

    @Test
    void aSpecMadeTheVersion10WayHasNoUnitsAndUnitsAreCopied() {
        TenantSpec old = new TenantSpec(1, "acme", null, true, "nspawn", null, null, null, null, null,
                "tenants/acme/metadata.json");
        assertEquals(List.of(), old.units());
        List<TenantUnitFile> units = new ArrayList<>(List.of(new TenantUnitFile("hello.service", "[Service]\n")));
        TenantSpec spec = new TenantSpec(1, "acme", null, true, "nspawn", null, null, null, null, null,
                "tenants/acme/metadata.json", units);
        units.clear();
        assertEquals(List.of(new TenantUnitFile("hello.service", "[Service]\n")), spec.units());
        assertThrows(UnsupportedOperationException.class, () -> spec.units().clear());
        assertEquals(List.of(), new TenantSpec(1, "acme", null, true, "nspawn", null, null, null, null, null,
                "tenants/acme/metadata.json", null).units());
    }
}
