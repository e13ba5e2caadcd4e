package bbh.tenant.sync;

import bbh.api.tenant.TenantSpec;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * What bbh has applied, kept on disk under the state folder so a restart neither re-sends every
 * tenant nor forgets a tenant's last valid spec:
 * <ul>
 *   <li>{@code applied.json}: the commit last applied and the generation counter;</li>
 *   <li>{@code tenants/<id>.json}: per tenant, the tree id of its folder last seen, and the spec in
 *       force with the commit it came from. This is the last validated snapshot that the generators
 *       of later stages read at boot.</li>
 * </ul>
 * Every file is replaced atomically (write beside, then rename), tenants first and
 * {@code applied.json} last: after a crash at any point the files describe a state that was whole.
 */
final class AppliedState {

    /**
     * One tenant as last applied.
     *
     * @param tree tree id of the tenant's folder in the commit last seen, valid or not
     * @param generation the generation of the last change
     * @param spec the spec in force (the last valid one), null when the tenant was never valid
     * @param specCommit the commit {@code spec} came from
     */
    record TenantRecord(String tree, long generation, TenantSpec spec, String specCommit) {}

    /** The top record. */
    record Applied(String commit, long generation) {}

    private final Path folder;
    private final ObjectMapper json = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    AppliedState(Path stateFolder) {
        this.folder = stateFolder;
    }

    /** The state folder. */
    Path folder() {
        return folder;
    }

    /** The last applied commit and generation; commit null and generation 0 on a fresh host. */
    Applied readApplied() throws IOException {
        Path f = folder.resolve("applied.json");
        try {
            return json.readValue(Files.readAllBytes(f), Applied.class);
        } catch (NoSuchFileException e) {
            return new Applied(null, 0);
        }
    }

    /** Every tenant record, by id. A record that cannot be read is reported, not skipped. */
    Map<String, TenantRecord> readTenants() throws IOException {
        Map<String, TenantRecord> all = new TreeMap<>();
        Path dir = folder.resolve("tenants");
        if (!Files.isDirectory(dir)) {
            return all;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                String id = name.substring(0, name.length() - ".json".length());
                try {
                    all.put(id, json.readValue(Files.readAllBytes(f), TenantRecord.class));
                } catch (IOException e) {
                    throw new IOException("state file " + f + " cannot be read: " + e.getMessage(), e);
                }
            }
        }
        return all;
    }

    void writeTenant(String id, TenantRecord record) throws IOException {
        writeAtomically(folder.resolve("tenants").resolve(id + ".json"), json.writeValueAsBytes(record));
    }

    void deleteTenant(String id) throws IOException {
        Files.deleteIfExists(folder.resolve("tenants").resolve(id + ".json"));
    }

    void writeApplied(Applied applied) throws IOException {
        writeAtomically(folder.resolve("applied.json"), json.writeValueAsBytes(applied));
    }

    /** Writes beside the target and renames over it, so readers see the old file or the new, never half. */
    static void writeAtomically(Path target, byte[] content) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.write(tmp, content);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
