package bbh.tenant.units;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bbh.api.tenant.TenantSpec;
import bbh.tenant.unit.RenderedTree;
import bbh.tenant.unit.UnitFile;
import bbh.tenant.unit.UnitFileParser;
import bbh.tenant.unit.UnitLine;
import bbh.tenant.unit.UnitSection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Validation lets no control character into a spec; these tests assume it failed, and put each
 * payload into each text field of a spec, the source path and the commit. Either rendering refuses
 * with a UnitRenderException naming the field, or every file holds only the settings a tenant's
 * files ever hold, none from the payload.
 */
class SpecInjectionTest {

    private static final List<String> PAYLOADS = List.of("x\n[Service]\nExecStart=/bin/evil", "x\r[Service]\rExecStart=/bin/evil",
            "x\u0000ExecStart=/bin/evil", "x\u2028ExecStart=/bin/evil", "x\\\nExecStart=/bin/evil", "x\\",
            "/dev/sda 1M\nExecStart=/bin/evil", "/dev/sda\"\nExecStart=/bin/evil");

    /** The settings a tenant's files hold, by section. */
    private static final List<String> ALLOWED = List.of("Unit.Description", "Unit.Requires", "Unit.After", "Service.Environment",
            "Slice.CPUWeight", "Slice.CPUQuota", "Slice.MemoryHigh", "Slice.MemoryMax", "Slice.IOWeight", "Slice.TasksMax",
            "Slice.IOReadBandwidthMax", "Slice.IOWriteBandwidthMax");

    private static TenantSpec spec(String description, String backend, TenantSpec.Image image, TenantSpec.Resources r,
            List<String> dependsOn, String source) {
        return new TenantSpec(1, "acme", description, true, backend, image, r, new TenantSpec.Network("10.1.0.0/24", null, List.of()),
                List.of(), dependsOn, source);
    }

    private static TenantSpec.Resources io(TenantSpec.IoLimit limit) {
        return new TenantSpec.Resources(null, null, null, null, null, null, null, List.of(limit));
    }

    private static final TenantSpec.Image IMAGE = new TenantSpec.Image("directory", "base");

    private static final List<Function<String, TenantSpec>> FIELDS = List.of(
            p -> spec(p, "nspawn", IMAGE, TenantSpec.Resources.NONE, List.of(), null),
            p -> spec("", p, IMAGE, TenantSpec.Resources.NONE, List.of(), null),
            p -> spec("", "nspawn", new TenantSpec.Image(p, "base"), TenantSpec.Resources.NONE, List.of(), null),
            p -> spec("", "nspawn", new TenantSpec.Image("raw", p), TenantSpec.Resources.NONE, List.of(), null),
            p -> spec("", "nspawn", IMAGE, new TenantSpec.Resources(null, p, null, null, null, null, null), List.of(), null),
            p -> spec("", "nspawn", IMAGE, new TenantSpec.Resources(null, null, p, null, null, null, null), List.of(), null),
            p -> spec("", "nspawn", IMAGE, new TenantSpec.Resources(null, null, null, p, null, null, null), List.of(), null),
            p -> spec("", "nspawn", IMAGE, new TenantSpec.Resources(null, null, null, null, null, null, p), List.of(), null),
            p -> spec("", "nspawn", IMAGE, io(new TenantSpec.IoLimit(p, "1M", null)), List.of(), null),
            p -> spec("", "nspawn", IMAGE, io(new TenantSpec.IoLimit("/dev/sda", p, null)), List.of(), null),
            p -> spec("", "nspawn", IMAGE, io(new TenantSpec.IoLimit("/dev/sda", null, p)), List.of(), null),
            p -> spec("", "nspawn", IMAGE, TenantSpec.Resources.NONE, List.of(p), null),
            p -> spec("", "nspawn", IMAGE, TenantSpec.Resources.NONE, List.of(), p));

    @Test
    void noFieldCanAddASettingToATenantsFiles() throws Exception {
        int refused = 0;
        int rendered = 0;
        for (Function<String, TenantSpec> field : FIELDS) {
            for (String p : PAYLOADS) {
                for (String commit : List.of("c", p)) {
                    RenderedTree t;
                    try {
                        t = TenantUnits.render(field.apply(p), commit);
                    } catch (UnitRenderException | IllegalArgumentException e) {
                        assertFalse(e.getMessage().isBlank());
                        refused++;
                        continue;
                    }
                    rendered++;
                    check(t, p);
                }
            }
        }
        assertTrue(refused > 0 && rendered > 0, "refused " + refused + ", rendered " + rendered);
    }

    private static void check(RenderedTree t, String payload) throws Exception {
        List<String> seen = new ArrayList<>();
        for (RenderedTree.Entry e : t.entries().values()) {
            if (e.isSymlink()) {
                continue;
            }
            String text = new String(e.content(), StandardCharsets.UTF_8);
            UnitFile f = UnitFileParser.parse(e.path(), text);
            assertEquals(text, f.text(), e.path());
            for (UnitSection s : f.sections()) {
                for (UnitLine l : s.lines()) {
                    if (l instanceof UnitLine.Directive d) {
                        String key = s.name() + "." + d.key();
                        assertTrue(ALLOWED.contains(key), e.path() + ": " + key + " from payload " + payload.replace("\n", "\\n"));
                        seen.add(key);
                    }
                }
            }
        }
        assertFalse(seen.contains("Service.ExecStart"));
    }

    @Test
    void aRefusalNamesTheFileAndField() {
        UnitRenderException e = org.junit.jupiter.api.Assertions.assertThrows(UnitRenderException.class,
                () -> TenantUnits.render(FIELDS.get(1).apply(PAYLOADS.get(0)), "c"));
        assertTrue(e.getMessage().startsWith("tenants/acme/metadata.json: backend: environment value of BBH_BACKEND holds control character U+000A"),
                e.getMessage());
    }
}
