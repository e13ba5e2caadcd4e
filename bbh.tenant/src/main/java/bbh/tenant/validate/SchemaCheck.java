package bbh.tenant.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.DisallowSchemaLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Checks a metadata tree against the published JSON Schema of its {@code schemaVersion}: the file
 * {@code schema/tenant-metadata-v<N>.schema.json} of this bundle (draft 2020-12), compiled once with
 * networknt json-schema-validator. Thread-safe after construction.
 *
 * <p>The schema is read from the bundle with {@link Class#getResourceAsStream}, which works inside
 * OSGi, and the validator may load nothing else: every {@code $ref} outside the file would fail at
 * construction instead of reaching for the network.
 */
final class SchemaCheck {

    /** The schema versions this bbh understands. */
    static final List<Integer> SUPPORTED_VERSIONS = List.of(1);

    private static final String RESOURCE = "/schema/tenant-metadata-v%d.schema.json";

    private final Map<Integer, Compiled> byVersion = new TreeMap<>();

    private record Compiled(JsonSchema schema, JsonNode document) {}

    SchemaCheck() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                b -> b.schemaLoaders(loaders -> loaders.add(DisallowSchemaLoader.getInstance())));
        // English whatever the host's locale: the few messages passed on as networknt words them stay stable.
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .pathType(PathType.JSON_POINTER)
                .locale(Locale.ENGLISH)
                .build();
        ObjectMapper mapper = new ObjectMapper();
        for (int version : SUPPORTED_VERSIONS) {
            String resource = String.format(RESOURCE, version);
            JsonNode document;
            try (InputStream in = TenantValidation.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("the bundle lacks " + resource);
                }
                document = mapper.readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
            JsonSchema schema = factory.getSchema(SchemaLocation.of(document.path("$id").asText()), document, config);
            // Compile every keyword now: later calls only read the compiled schema, from any thread.
            schema.initializeValidators();
            byVersion.put(version, new Compiled(schema, document));
        }
    }

    /**
     * True when the file's {@code schemaVersion} is one this bbh knows, or is missing or not an
     * integer (then {@link #check} reports it). Otherwise records that, and the file's other fields
     * should not be checked: they may follow rules that are not known here.
     */
    boolean versionSupported(LocatedTree tree, FileProblems problems) {
        JsonNode declared = tree.root().get("schemaVersion");
        if (declared == null || !declared.isNumber() || !declared.canConvertToExactIntegral()
                || declared.canConvertToInt() && byVersion.containsKey(declared.intValue())) {
            return true;
        }
        FieldPath field = FieldPath.ROOT.key("schemaVersion");
        problems.at(field, tree.valueAt(field), "unsupported schema version " + declared.asText() + "; supported versions: "
                + SUPPORTED_VERSIONS.stream().map(String::valueOf).collect(Collectors.joining(", ")));
        return false;
    }

    /**
     * Records every violation of the schema of the file's version (of the newest version when the
     * file's is missing or not an integer: it requires one). Call only when
     * {@link #versionSupported} holds. A string already found to hold a control character is not
     * also reported for its pattern.
     */
    void check(LocatedTree tree, FileProblems problems) {
        JsonNode declared = tree.root().get("schemaVersion");
        Compiled compiled = declared != null && declared.isNumber() && declared.canConvertToExactIntegral()
                ? byVersion.get(declared.intValue())
                : byVersion.get(SUPPORTED_VERSIONS.get(SUPPORTED_VERSIONS.size() - 1));
        Set<ValidationMessage> messages = compiled.schema().validate(tree.root());
        // A value of the wrong type fails its other keywords too (const, pattern...); the type says it all.
        Set<String> wrongType = new HashSet<>();
        // An object lacking a required field also has too few fields; the missing field says it all.
        Set<String> lacksRequired = new HashSet<>();
        for (ValidationMessage m : messages) {
            if ("type".equals(m.getType())) {
                wrongType.add(SchemaErrorText.fieldOf(m.getInstanceLocation()).pointer());
            } else if ("required".equals(m.getType())) {
                lacksRequired.add(SchemaErrorText.fieldOf(m.getInstanceLocation()).pointer());
            }
        }
        SchemaErrorText text = new SchemaErrorText(compiled.document(), tree);
        for (ValidationMessage m : messages) {
            FieldPath at = SchemaErrorText.fieldOf(m.getInstanceLocation());
            boolean explained = wrongType.contains(at.pointer()) && !"type".equals(m.getType())
                    // A string holding a control character also fails its pattern; the character is the news.
                    || "pattern".equals(m.getType()) && problems.has(at)
                    || "minProperties".equals(m.getType()) && lacksRequired.contains(at.pointer());
            if (!explained) {
                text.record(m, problems);
            }
        }
    }
}
