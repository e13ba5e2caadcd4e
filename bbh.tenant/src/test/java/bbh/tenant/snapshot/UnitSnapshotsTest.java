package bbh.tenant.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import bbh.api.stage.HostLayout;
import bbh.tenant.unit.RenderedTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snapshot writer: the switch protocol, no-op rewrites, crash leftovers, removal, the lock. */
class UnitSnapshotsTest {

    @TempDir
    Path state;

    private UnitSnapshots snapshots() {
        return UnitSnapshots.units(HostLayout.under(state.resolve("root")));
    }

    static RenderedTree tenantFiles(String id, String memoryMax) {
        return new RenderedTree()
                .file("tenant-" + id + ".slice", "[Slice]\nMemoryMax=" + memoryMax + "\n")
                .file("tenant-vm@" + id + ".service.d/50-bbh.conf", "[Service]\nEnvironment=X=1\n")
                .symlink("multi-user.target.wants/tenant@" + id + ".service", "/usr/lib/systemd/system/tenant@.service");
    }

    @Test
    void firstWriteMakesCurrentAGenerationFolder() throws IOException {
        UnitSnapshots s = snapshots();
        assertTrue(s.writeTenant("acme", 3, tenantFiles("acme", "1G")));

        Path slot = s.folder().resolve("tenants/acme");
        assertEquals(state.resolve("root/var/lib/bbh/units"), s.folder());
        assertEquals(Path.of("g3"), Files.readSymbolicLink(slot.resolve("current")), "current is relative");
        assertEquals(List.of("current", "g3"), list(slot));
        assertEquals("[Slice]\nMemoryMax=1G\n", Files.readString(slot.resolve("g3/tenant-acme.slice")));
        assertEquals(Path.of("/usr/lib/systemd/system/tenant@.service"),
                Files.readSymbolicLink(slot.resolve("g3/multi-user.target.wants/tenant@acme.service")));
        assertTrue(Files.isRegularFile(s.lockFile()), "the lock file exists before any snapshot");
        assertEquals(s.folder().resolve("units.lock"), s.lockFile());
        assertEquals(List.of("acme"), s.currentTenants());
        assertEquals(OptionalLong.of(3), s.tenantGeneration("acme"));
        assertSame(tenantFiles("acme", "1G"), s.readTenant("acme").orElseThrow());
    }

    @Test
    void newerGenerationSwitchesAndDeletesTheOlder() throws IOException {
        UnitSnapshots s = snapshots();
        s.writeTenant("acme", 1, tenantFiles("acme", "1G"));
        assertTrue(s.writeTenant("acme", 2, tenantFiles("acme", "2G")));

        Path slot = s.folder().resolve("tenants/acme");
        assertEquals(List.of("current", "g2"), list(slot));
        assertSame(tenantFiles("acme", "2G"), s.readTenant("acme").orElseThrow());
    }

    @Test
    void theSameContentAgainWritesNothing() throws IOException {
        UnitSnapshots s = snapshots();
        s.writeTenant("acme", 4, tenantFiles("acme", "1G"));
        Path slot = s.folder().resolve("tenants/acme");
        Object inode = Files.readAttributes(slot.resolve("current"), "unix:ino", LinkOption.NOFOLLOW_LINKS).get("ino");

        assertFalse(s.writeTenant("acme", 4, tenantFiles("acme", "1G")), "same generation, same content");
        assertFalse(s.writeTenant("acme", 9, tenantFiles("acme", "1G")), "a restart's new generation, same content");

        assertEquals(List.of("current", "g4"), list(slot));
        assertEquals(inode, Files.readAttributes(slot.resolve("current"), "unix:ino", LinkOption.NOFOLLOW_LINKS).get("ino"),
                "current was not replaced");
        assertEquals(OptionalLong.of(4), s.tenantGeneration("acme"));
    }

    @Test
    void theSameGenerationWithOtherContentGetsAFolderOfItsOwn() throws IOException {
        UnitSnapshots s = snapshots();
        s.writeTenant("acme", 5, tenantFiles("acme", "1G"));
        assertTrue(s.writeTenant("acme", 5, tenantFiles("acme", "3G")));

        Path slot = s.folder().resolve("tenants/acme");
        assertEquals(List.of("current", "g5-2"), list(slot));
        assertEquals(OptionalLong.of(5), s.tenantGeneration("acme"));
        assertSame(tenantFiles("acme", "3G"), s.readTenant("acme").orElseThrow());
    }

    @Test
    void aHalfWrittenFolderOfACrashIsIgnoredAndThenCleaned() throws IOException {
        UnitSnapshots s = snapshots();
        s.writeTenant("acme", 1, tenantFiles("acme", "1G"));
        Path slot = s.folder().resolve("tenants/acme");
        // A crash while writing generation 2 (and one while writing 3) before the switch.
        Files.createDirectories(slot.resolve("g2/tenant-vm@acme.service.d"));
        Files.writeString(slot.resolve("g2/tenant-acme.slice"), "[Sli");
        Files.createDirectories(slot.resolve("g3"));

        assertSame(tenantFiles("acme", "1G"), s.readTenant("acme").orElseThrow());
        assertEquals(OptionalLong.of(1), s.tenantGeneration("acme"));

        assertTrue(s.writeTenant("acme", 2, tenantFiles("acme", "2G")), "the same generation is written anew");
        assertEquals(List.of("current", "g2"), list(slot));
        assertSame(tenantFiles("acme", "2G"), s.readTenant("acme").orElseThrow());
    }

    @Test
    void leftoversGoEvenWhenTheContentIsUnchanged() throws IOException {
        UnitSnapshots s = snapshots();
        s.writeTenant("acme", 1, tenantFiles("acme", "1G"));
        Path slot = s.folder().resolve("tenants/acme");
        Files.createDirectories(slot.resolve("g2"));
        Files.createSymbolicLink(slot.resolve(UnitSnapshots.NEW_LINK), Path.of("g2"));

        assertFalse(s.writeTenant("acme", 1, tenantFiles("acme", "1G")));
        assertEquals(List.of("current", "g1"), list(slot));
    }

    @Test
    void aStrayNewLinkOfACrashIsReplaced() throws IOException {
        UnitSnapshots s = snapshots();
        s.writeTenant("acme", 1, tenantFiles("acme", "1G"));
        Path slot = s.folder().resolve("tenants/acme");
        Files.createSymbolicLink(slot.resolve(UnitSnapshots.NEW_LINK), Path.of("g99"));

        assertTrue(s.writeTenant("acme", 2, tenantFiles("acme", "2G")));
        assertEquals(List.of("current", "g2"), list(slot));
        assertEquals(Path.of("g2"), Files.readSymbolicLink(slot.resolve("current")));
    }

    @Test
    void aFirstWriteCutShortLeavesNoTenant() throws IOException {
        UnitSnapshots s = snapshots();
        Path slot = s.folder().resolve("tenants/newco");
        Files.createDirectories(slot.resolve("g1"));
        Files.writeString(slot.resolve("g1/tenant-newco.slice"), "[Slice]\n");

        assertEquals(List.of(), s.currentTenants());
        assertEquals(Optional.empty(), s.readTenant("newco"));
        assertEquals(OptionalLong.empty(), s.tenantGeneration("newco"));

        assertTrue(s.writeTenant("newco", 1, tenantFiles("newco", "1G")));
        assertEquals(List.of("newco"), s.currentTenants());
        assertSame(tenantFiles("newco", "1G"), s.readTenant("newco").orElseThrow());
    }

    @Test
    void removeTakesTheSlotAwayWhole() throws IOException {
        UnitSnapshots s = snapshots();
        s.writeTenant("acme", 1, tenantFiles("acme", "1G"));
        s.writeTenant("globex", 1, tenantFiles("globex", "1G"));
        // What an earlier crash between the rename and the delete left.
        Files.createDirectories(s.folder().resolve(UnitSnapshots.TRASH).resolve("initech.1.1/g4"));

        assertTrue(s.removeTenant("acme"));
        assertFalse(s.removeTenant("acme"), "nothing left to remove");
        assertFalse(s.removeTenant("never-there"));

        assertEquals(List.of("globex"), s.currentTenants());
        assertFalse(Files.exists(s.folder().resolve("tenants/acme"), LinkOption.NOFOLLOW_LINKS));
        assertEquals(List.of(), list(s.folder().resolve(UnitSnapshots.TRASH)));
        assertEquals(Optional.empty(), s.readTenant("acme"));
    }

    @Test
    void hostFilesHaveASlotOfTheirOwn() throws IOException {
        UnitSnapshots s = snapshots();
        RenderedTree host = new RenderedTree().file("tenant.slice", "[Slice]\nCPUWeight=100\n");
        assertEquals(OptionalLong.empty(), s.hostGeneration());
        assertTrue(s.writeHost(7, host));
        assertFalse(s.writeHost(8, host));

        assertEquals(OptionalLong.of(7), s.hostGeneration());
        assertSame(host, s.readHost().orElseThrow());
        assertEquals(List.of(), s.currentTenants(), "the host is not a tenant");
    }

    @Test
    void onlyTenantIdsNameSlots() {
        UnitSnapshots s = snapshots();
        for (String bad : List.of("../etc", "Acme", "a/b", "", ".trash", "-x")) {
            assertThrows(IllegalArgumentException.class, () -> s.writeTenant(bad, 1, tenantFiles("x", "1G")), bad);
            assertThrows(IllegalArgumentException.class, () -> s.removeTenant(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> s.writeTenant("acme", -1, tenantFiles("x", "1G")));
    }

    @Test
    void aNonDurableWriterWritesTheSameTree() throws IOException {
        UnitSnapshots durable = new UnitSnapshots(state.resolve("a"), true);
        UnitSnapshots quick = new UnitSnapshots(state.resolve("b"), false);
        durable.writeTenant("acme", 1, tenantFiles("acme", "1G"));
        quick.writeTenant("acme", 1, tenantFiles("acme", "1G"));
        assertTrue(SnapshotFiles.same(SnapshotFiles.read(durable.folder().resolve("tenants")),
                SnapshotFiles.read(quick.folder().resolve("tenants"))));
        assertEquals(state.resolve("b/b.lock"), quick.lockFile(), "the lock file is named after the folder");
    }

    @Test
    void theSwitchNeedsNoLockButDeletingWaitsForIt() throws Exception {
        UnitSnapshots s = snapshots();
        s.writeTenant("acme", 1, tenantFiles("acme", "1G"));
        Path slot = s.folder().resolve("tenants/acme");

        CompletableFuture<Boolean> write;
        try (SnapshotLock reader = SnapshotLock.shared(s.lockFile())) {
            assertFalse(reader.isExclusive());
            write = CompletableFuture.supplyAsync(() -> {
                try {
                    return s.writeTenant("acme", 2, tenantFiles("acme", "2G"));
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            // The writer switches while the reader holds the lock, then waits to delete g1.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!Files.exists(slot.resolve("current"), LinkOption.NOFOLLOW_LINKS)
                    || !Files.readSymbolicLink(slot.resolve("current")).equals(Path.of("g2"))) {
                awaitNotDone(write, 10);
                if (System.nanoTime() > deadline) {
                    fail("the writer did not switch to g2 while the lock was held");
                }
            }
            awaitNotDone(write, 200);
            assertTrue(Files.isDirectory(slot.resolve("g1")), "g1 was deleted while a reader held the lock");
        }
        assertTrue(write.get(20, TimeUnit.SECONDS));
        assertEquals(List.of("current", "g2"), list(slot));
    }

    /** Waits up to {@code millis} for {@code f} and fails when it finished. */
    private static void awaitNotDone(CompletableFuture<?> f, long millis) throws Exception {
        try {
            f.get(millis, TimeUnit.MILLISECONDS);
            fail("the write finished while the lock was held");
        } catch (TimeoutException expected) {
            // still waiting, as it should
        }
    }

    static void assertSame(RenderedTree expected, RenderedTree actual) {
        assertEquals(describe(expected), describe(actual));
        assertTrue(SnapshotFiles.same(expected.entries(), actual.entries()));
    }

    static String describe(RenderedTree tree) {
        return tree.entries().values().stream()
                .map(e -> e.path() + (e.isSymlink() ? " -> " + e.linkTarget() : " = " + new String(e.content())))
                .collect(Collectors.joining("\n"));
    }

    static List<String> list(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}
