package bbh.tenant.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bbh.api.tenant.TenantUnitFile;
import bbh.api.tenant.ValidationProblem;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A tenant's own unit files in validation: they travel in the spec, sorted, as the text systemd will
 * read; a broken one refuses the tenant like a broken field does, reported with the metadata's
 * problems. Every message has a fixture (fixtures/invalid/unit-*); this is about the outcome.
 */
class TenantUnitFilesTest {

    private static final TenantValidation VALIDATION = new TenantValidation();
    private static final String METADATA = "{ \"schemaVersion\": 1, \"id\": \"acme\" }";

    @Test
    void unitFilesTravelInTheSpecSortedByName() {
        byte[] bom = "\uFEFF[Path]\nPathExists=/etc\n".getBytes(StandardCharsets.UTF_8);
        TenantCheck c = VALIDATION.validate(List.of(MemoryTenantFolder.of("acme", METADATA)
                .with("systemd/hello.timer", "[Timer]\nOnBootSec=1min\n\n[Install]\nWantedBy=timers.target\n")
                .with("systemd/hello.service.d/10-a.conf", "[Service]\nNice=5\n")
                .with("systemd/hello.service", "[Service]\nExecStart=/bin/true\n")
                .with("systemd/etc.path", bom)), List.of()).get(0);

        assertTrue(c.valid(), () -> c.problems().toString());
        assertEquals(List.of(new TenantUnitFile("etc.path", "[Path]\nPathExists=/etc\n"),
                new TenantUnitFile("hello.service", "[Service]\nExecStart=/bin/true\n"),
                new TenantUnitFile("hello.service.d/10-a.conf", "[Service]\nNice=5\n"),
                new TenantUnitFile("hello.timer", "[Timer]\nOnBootSec=1min\n\n[Install]\nWantedBy=timers.target\n")),
                c.spec().units());
    }

    @Test
    void aTenantWithoutTheFolderHasNoUnits() {
        TenantCheck c = VALIDATION.validate(List.of(MemoryTenantFolder.of("acme", METADATA)), List.of()).get(0);
        assertEquals(List.of(), c.spec().units());
    }

    @Test
    void aBrokenUnitRefusesTheTenantAndIsReportedWithTheMetadatasProblems() {
        TenantCheck c = VALIDATION.validate(List.of(
                MemoryTenantFolder.of("acme", "{ \"schemaVersion\": 1, \"id\": \"acme\", \"enabled\": 1 }")
                        .with("systemd/ok.service", "[Service]\nExecStart=/bin/true\n")
                        .with("systemd/bad.service", "[Service]\nExecStart=/bin/true\nno equals\n")), List.of()).get(0);
        assertFalse(c.valid());
        assertNull(c.spec());
        assertEquals(List.of("tenants/acme/metadata.json", "tenants/acme/systemd/bad.service"),
                c.problems().stream().map(ValidationProblem::path).toList());
        assertEquals("tenants/acme/systemd/bad.service:3:1: tenant acme: -: expected Key=value or a section header; found 'no equals'",
                c.problems().get(1).toString());

        TenantCheck onlyUnits = VALIDATION.validate(List.of(MemoryTenantFolder.of("acme", METADATA)
                .with("systemd/data.mount", "[Mount]\nWhat=/dev/x\n")), List.of()).get(0);
        assertFalse(onlyUnits.valid(), "a unit alone refuses the tenant");
    }
}
