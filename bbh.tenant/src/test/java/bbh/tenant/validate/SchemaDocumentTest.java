package bbh.tenant.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bbh.api.tenant.TenantNames;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The published schema: what the validator's messages rely on (descriptions of patterns and of
 * minProperties, closed objects) and that it agrees with the naming rules of bbh.api.
 */
class SchemaDocumentTest {

    private static JsonNode schema() throws IOException {
        try (InputStream in = TenantValidation.class.getResourceAsStream("/schema/tenant-metadata-v1.schema.json")) {
            assertNotNull(in, "the schema is on the classpath");
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void isDraft202012WithAnIdAndOneVersion() throws IOException {
        JsonNode s = schema();
        assertEquals("https://json-schema.org/draft/2020-12/schema", s.get("$schema").asText());
        assertTrue(s.get("$id").asText().endsWith("tenant-metadata-v1.schema.json"));
        assertEquals(1, s.at("/properties/schemaVersion/const").asInt());
        assertEquals(SchemaCheck.SUPPORTED_VERSIONS, java.util.List.of(1));
    }

    @Test
    void everyObjectIsClosedAndEveryPatternExplained() throws IOException {
        walk(schema(), "");
    }

    private static void walk(JsonNode n, String at) {
        if (!n.isObject()) {
            return;
        }
        if ("object".equals(n.path("type").asText())) {
            assertFalse(n.path("additionalProperties").asBoolean(true), at + " must forbid unknown fields");
        }
        if (n.has("pattern")) {
            assertTrue(n.path("description").isTextual(), at + ": a pattern's schema describes what it expects");
            assertTrue(n.get("pattern").asText().startsWith("^") && n.get("pattern").asText().endsWith("$"), at);
        }
        if (n.has("minProperties")) {
            assertTrue(n.path("description").isTextual(), at + ": a minProperties schema describes what it expects");
        }
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            walk(e.getValue(), at + "/" + e.getKey());
        }
    }

    @Test
    void tenantIdPatternAgreesWithTenantNames() throws IOException {
        Pattern p = Pattern.compile(schema().at("/$defs/tenantId/pattern").asText());
        Random random = new Random(7);
        String alphabet = "ab9-_A.";
        for (int i = 0; i < 20000; i++) {
            StringBuilder s = new StringBuilder();
            int len = random.nextInt(66);
            for (int j = 0; j < len; j++) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String id = s.toString();
            assertEquals(TenantNames.isValidId(id), p.matcher(id).matches(), id);
        }
    }
}
