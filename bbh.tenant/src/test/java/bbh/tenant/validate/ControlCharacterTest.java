package bbh.tenant.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bbh.api.tenant.TenantSpec;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * No string that validation accepts may hold a control character or line break: such strings reach
 * unit files and .network files, where a newline starts a new setting.
 */
class ControlCharacterTest {

    private static final TenantValidation VALIDATION = new TenantValidation();
    private static final List<TenantSpec> IN_FORCE = List.of(new TenantSpec(1, "other", null, true, "nspawn", null,
            null, null, null, null, "tenants/other/metadata.json"));

    /** A valid file with every string field; {@code %s} marks where a field's value goes. */
    private static final String[] FIELDS = {
        "description", "backend", "image.type", "image.name", "resources.cpuQuota", "resources.memoryMax",
        "resources.memoryHigh", "resources.storageQuota", "network.subnet", "network.dns", "extensions.name",
        "extensions.type", "dependsOn", "id",
    };
    private static final String[] VALUES = {
        "ACME production", "nspawn", "directory", "debian-12", "200%", "2G", "1536M", "10G", "10.101.0.0/24",
        "10.101.0.1", "tools", "sysext", "other", "acme",
    };

    private static String document(String[] values) {
        return String.format("""
                { "schemaVersion": 1, "description": "%s", "backend": "%s",
                  "image": { "type": "%s", "name": "%s" },
                  "resources": { "cpuQuota": "%s", "memoryMax": "%s", "memoryHigh": "%s", "storageQuota": "%s" },
                  "network": { "subnet": "%s", "dns": [ "%s" ] },
                  "extensions": [ { "name": "%s", "type": "%s" } ],
                  "dependsOn": [ "%s" ], "id": "%s" }
                """, (Object[]) values);
    }

    private static List<Character> forbidden() {
        List<Character> all = new ArrayList<>();
        for (char c = 0; c <= 0x1F; c++) {
            all.add(c);
        }
        for (char c = 0x7F; c <= 0x9F; c++) {
            all.add(c);
        }
        all.add('\u2028');
        all.add('\u2029');
        return all;
    }

    private static TenantCheck validate(String json) {
        return VALIDATION.validate(List.of(MemoryTenantFolder.of("acme", json)), IN_FORCE).get(0);
    }

    @Test
    void theBaseDocumentIsValid() {
        TenantCheck c = validate(document(VALUES));
        assertTrue(c.valid(), () -> c.problems().toString());
        assertEquals(14, FIELDS.length);
    }

    @Test
    void everyForbiddenCharacterInEveryStringFieldIsRefused() {
        int tried = 0;
        for (int f = 0; f < FIELDS.length; f++) {
            for (char c : forbidden()) {
                String escaped = String.format("\\u%04x", (int) c);
                List<String> spellings = new ArrayList<>(List.of(escaped));
                if (c >= 0x7F) {
                    spellings.add(String.valueOf(c)); // JSON allows these raw
                }
                for (String spelled : spellings) {
                    for (int place = 0; place < 3; place++) {
                        String[] v = VALUES.clone();
                        v[f] = place == 0 ? spelled + v[f] : place == 1 ? v[f].charAt(0) + spelled + v[f].substring(1) : v[f] + spelled;
                        TenantCheck check = validate(document(v));
                        String field = FIELDS[f];
                        assertFalse(check.valid(), () -> field + " accepted " + Quoted.codeUnit(c));
                        assertTrue(check.problems().stream().allMatch(p -> p.toString().lines().count() == 1));
                        tried++;
                    }
                }
            }
        }
        assertEquals(67, forbidden().size());
        assertEquals(FIELDS.length * 3 * (67 + 35), tried, "each field, character, spelling and place");
    }

    /** Random strings, mostly harmless, sometimes not: whatever is accepted holds no forbidden character. */
    @Test
    void noAcceptedStringHoldsAForbiddenCharacter() {
        Random random = new Random(20240611);
        String alphabet = "abcz019-._% /:GMK\u00e9\u6771\\\"\u0000\u0009\n\r\u001f\u007f\u0085\u009f\u2028\u2029\ud83d\ude00";
        int accepted = 0;
        for (int round = 0; round < 3000; round++) {
            String[] v = VALUES.clone();
            int f = random.nextInt(FIELDS.length);
            StringBuilder s = new StringBuilder();
            int len = 1 + random.nextInt(6);
            for (int i = 0; i < len; i++) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            // Keep it a JSON string: escape what JSON needs escaped, and often leave the value as it was.
            v[f] = random.nextInt(3) == 0 ? v[f] : jsonEscaped(s.toString(), random);
            TenantCheck check = validate(document(v));
            if (check.valid()) {
                accepted++;
                assertNoForbidden(check.spec(), "spec");
            }
        }
        assertTrue(accepted > 1000, "the test must accept some: " + accepted);
    }

    private static String jsonEscaped(String s, Random random) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\' || c < 0x20 || random.nextBoolean() && ControlCharacterCheck.forbidden(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** Walks records, lists and strings of a spec. */
    private static void assertNoForbidden(Object value, String where) {
        if (value instanceof String s) {
            assertEquals(-1, ControlCharacterCheck.firstForbidden(s), where + " = " + Quoted.of(s));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                assertNoForbidden(list.get(i), where + "[" + i + "]");
            }
        } else if (value instanceof Record r) {
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                try {
                    assertNoForbidden(c.getAccessor().invoke(r), where + "." + c.getName());
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            }
        }
    }
}
