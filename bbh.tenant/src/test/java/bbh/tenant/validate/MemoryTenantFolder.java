package bbh.tenant.validate;

import bbh.tenant.source.TenantFolder;
import bbh.tenant.source.UnsafeFileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A tenant folder whose metadata.json is given in memory; failing reads can be simulated. */
final class MemoryTenantFolder implements TenantFolder {
    private final String name;
    private final byte[] metadata;
    private final IOException failure;

    private MemoryTenantFolder(String name, byte[] metadata, IOException failure) {
        this.name = name;
        this.metadata = metadata;
        this.failure = failure;
    }

    static MemoryTenantFolder of(String name, String metadataJson) {
        return new MemoryTenantFolder(name, metadataJson.getBytes(StandardCharsets.UTF_8), null);
    }

    /** A folder whose every read fails as an unreadable repository does. */
    static MemoryTenantFolder failing(String name, IOException failure) {
        return new MemoryTenantFolder(name, null, failure);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public byte[] read(String file, long maxBytes) throws UnsafeFileException, IOException {
        if (failure != null) {
            throw failure;
        }
        if (!file.equals("metadata.json")) {
            throw new UnsafeFileException(path() + "/" + file, "file is missing");
        }
        if (metadata.length > maxBytes) {
            throw new UnsafeFileException(path() + "/" + file, "file is " + metadata.length + " bytes, at most " + maxBytes + " expected");
        }
        return metadata.clone();
    }

    @Override
    public List<UnsafeFileException> unsafeEntries() throws IOException {
        if (failure != null) {
            throw failure;
        }
        return List.of();
    }
}
