package bbh.tenant.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Re-scanning a plain folder of many unchanged tenants reads no file content: the blob id cache
 * answers from file attributes. Prints the times measured (no time is asserted: this machine's
 * load is not the code's fault); the count of files read is asserted.
 */
class FolderRescanTest {

    /**
     * Tenants to create. 1,000 keep the build quick (making 10,000 folders takes this machine ~6 s);
     * measure the brief's 10,000 with {@code -Dbbh.rescan.tenants=10000}.
     */
    private static final int TENANTS = Integer.getInteger("bbh.rescan.tenants", 1_000);

    @TempDir
    Path tmp;

    @Test
    void rescanOfUnchangedTenantsReadsNoFile() throws Exception {
        Path top = tmp.resolve("repo");
        FileTime old = FileTime.from(Instant.now().minusSeconds(3600));
        for (int i = 0; i < TENANTS; i++) {
            Path t = Files.createDirectories(top.resolve("tenants/tenant-" + i));
            Files.createDirectories(t.resolve("units"));
            Path m = Files.writeString(t.resolve("metadata.json"),
                    "{\"schemaVersion\":1,\"id\":\"tenant-" + i + "\",\"backend\":\"nspawn\"}\n");
            Path u = Files.writeString(t.resolve("units/extra.conf"), "[Service]\nCPUWeight=" + (i % 100 + 1) + "\n");
            // Files unchanged for an hour, as in a folder that is re-scanned on a timer.
            Files.setLastModifiedTime(m, old);
            Files.setLastModifiedTime(u, old);
        }
        try (RepositorySource source = new RepositorySource(top.toString(), null, tmp.resolve("state"))) {
            long t0 = System.nanoTime();
            SortedMap<String, String> first;
            try (RepositorySnapshot s = source.open()) {
                first = s.tenantTrees();
            }
            long t1 = System.nanoTime();
            long hashed = source.folderBlobsHashed();
            SortedMap<String, String> second;
            try (RepositorySnapshot s = source.open()) {
                second = s.tenantTrees();
            }
            long t2 = System.nanoTime();
            try (RepositorySnapshot s = source.open()) {
                assertEquals(first, s.tenantTrees());
            }
            long t3 = System.nanoTime();

            assertEquals(TENANTS, first.size());
            assertEquals(2L * TENANTS, hashed);
            assertEquals(first, second);
            assertEquals(hashed, source.folderBlobsHashed(), "the re-scan read no file content");
            System.out.printf("folder scan of %d tenants (%d files): first %d ms, re-scans %d ms and %d ms%n",
                    TENANTS, 2 * TENANTS, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000);
        }
    }
}
