package bbh.itest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code metadata.json} files the ITs put into tenant repositories (format:
 * docs/tenant-format.md). Each is laid out by hand so that a test can say where in the file a value
 * is ({@link #valuePosition}) and expect exactly that line and column in the error.
 */
final class TenantMetadata {
    private TenantMetadata() {}

    /** Valid: nspawn with resources and a network on a VLAN. */
    static final String ACME = """
            {
              "schemaVersion": 1,
              "id": "acme",
              "description": "ACME production",
              "backend": "nspawn",
              "image": { "type": "directory", "name": "debian-12" },
              "resources": { "cpuWeight": 100, "memoryMax": "2G" },
              "network": { "subnet": "10.101.0.0/24", "vlan": 101, "dns": ["10.101.0.1"] }
            }
            """;

    /** {@link #ACME} with a CPU weight below the allowed 1..10000. */
    static final String ACME_ZERO_CPU_WEIGHT = ACME.replace("\"cpuWeight\": 100", "\"cpuWeight\": 0");

    /** Valid: vmspawn with a raw image, no resource limits. */
    static final String GLOBEX = """
            {
              "schemaVersion": 1,
              "id": "globex",
              "description": "Globex staging",
              "backend": "vmspawn",
              "image": { "type": "raw", "name": "globex.raw" },
              "network": { "subnet": "10.102.0.0/24" }
            }
            """;

    /** {@link #GLOBEX} in a later commit: another description and a memory limit. */
    static final String GLOBEX_RESIZED = """
            {
              "schemaVersion": 1,
              "id": "globex",
              "description": "Globex staging, resized",
              "backend": "vmspawn",
              "image": { "type": "raw", "name": "globex.raw" },
              "resources": { "memoryMax": "4G" },
              "network": { "subnet": "10.102.0.0/24" }
            }
            """;

    /** Invalid: a memory limit that is not a size; nothing else is wrong. */
    static final String INITECH_BAD_MEMORY = """
            {
              "schemaVersion": 1,
              "id": "initech",
              "resources": {
                "memoryMax": "lots"
              }
            }
            """;

    /** The path of a tenant's metadata file inside the repository. */
    static String path(String id) {
        return "tenants/" + id + "/metadata.json";
    }

    /**
     * Where the value after the first {@code key} (e.g. {@code "memoryMax": }) is in {@code text},
     * as {@code line:column}, both 1-based: the position a validation error about that value names.
     */
    static String valuePosition(String text, String key) {
        int keyAt = text.indexOf(key);
        if (keyAt < 0) {
            throw new IllegalArgumentException(key + " does not occur in the fixture");
        }
        int at = keyAt + key.length();
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < at; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return line + ":" + (at - lineStart + 1);
    }

    /** Writes {@code tenants/<id>/metadata.json} under {@code top}. */
    static void write(Path top, String id, String text) {
        try {
            Path file = top.resolve(path(id));
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
