package bbh.tenant.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bbh.api.tenant.TenantNames;
import bbh.api.tenant.TenantSpec;
import bbh.tenant.source.TenantFolder;
import bbh.tenant.source.UnsafeFileException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The entry point's contract: one check per folder, sorted, tenants in force, thread safety. */
class TenantValidationTest {

    private static final TenantValidation VALIDATION = new TenantValidation();

    private static String tenant(String id, String subnet) {
        return "{\"schemaVersion\":1,\"id\":\"" + id + "\",\"network\":{\"subnet\":\"" + subnet + "\"}}";
    }

    private static TenantSpec inForce(String id, String subnet) {
        return new TenantSpec(1, id, null, true, "nspawn", null, null, new TenantSpec.Network(subnet, null, null), null,
                null, "tenants/" + id + "/metadata.json");
    }

    @Test
    void oneCheckPerFolderSortedByName() {
        List<TenantCheck> checks = VALIDATION.validate(List.of(
                MemoryTenantFolder.of("zeta", tenant("zeta", "10.0.3.0/24")),
                MemoryTenantFolder.of("alpha", tenant("alpha", "10.0.1.0/24")),
                MemoryTenantFolder.of("mid", "{}")), List.of());
        assertEquals(List.of("alpha", "mid", "zeta"), checks.stream().map(TenantCheck::tenantId).toList());
        assertEquals("tenants/mid/metadata.json", checks.get(1).path());
        assertTrue(checks.get(0).valid());
        assertEquals("tenants/alpha/metadata.json", checks.get(0).spec().sourcePath());
        assertFalse(checks.get(1).valid());
        assertEquals(null, checks.get(1).spec());
        assertEquals(List.of(), VALIDATION.validate(List.of(), List.of()));
    }

    @Test
    void aTenantInForceIsReplacedByItsChangedFolder() {
        // The old spec of alpha overlaps beta; alpha's new one does not, and the old one is not in force any more.
        List<TenantCheck> checks = VALIDATION.validate(List.of(MemoryTenantFolder.of("alpha", tenant("alpha", "10.9.0.0/24"))),
                List.of(inForce("alpha", "10.0.0.0/8"), inForce("beta", "10.1.0.0/24")));
        assertTrue(checks.get(0).valid(), () -> checks.get(0).problems().toString());
    }

    @Test
    void anUnreadableFolderIsAProblemOfItsOwn() {
        List<TenantCheck> checks = VALIDATION.validate(List.of(
                MemoryTenantFolder.failing("broken", new IOException("pack file\ncorrupt")),
                MemoryTenantFolder.of("fine", tenant("fine", "10.0.1.0/24"))), List.of());
        assertEquals("tenants/broken/metadata.json: tenant broken: -: the tenant folder cannot be read: pack file\\u000Acorrupt",
                checks.get(0).problems().get(0).toString());
        assertTrue(checks.get(1).valid());
    }

    @Test
    void namesFromTheRepositoryCannotBreakAProblemLine() {
        TenantFolder hostile = new TenantFolder() {
            @Override
            public String name() {
                return "evil\nname";
            }

            @Override
            public byte[] read(String file, long maxBytes) throws UnsafeFileException {
                throw new UnsafeFileException(path() + "/" + file, "file is missing");
            }

            @Override
            public List<String> list(String folder) {
                return List.of("web\n.service", "hello.service");
            }

            @Override
            public List<UnsafeFileException> unsafeEntries() {
                return List.of(new UnsafeFileException(path() + "/link\u2028x", "symlink to '/etc\n' leaves the repository"));
            }
        };
        TenantCheck c = VALIDATION.validate(List.of(hostile), List.of()).get(0);
        assertEquals(5, c.problems().size(), c.problems().toString());
        for (var p : c.problems()) {
            assertEquals(1, p.toString().lines().count(), p.toString());
            assertEquals(-1, ControlCharacterCheck.firstForbidden(p.toString()), p.toString());
        }
        assertEquals("tenants/evil\\u000Aname/link\\u2028x: tenant \"evil\\u000Aname\": -: symlink to '/etc\\u000A' leaves the repository",
                c.problems().get(0).toString());
    }

    @Test
    void refusesNullArguments() {
        assertThrows(NullPointerException.class, () -> VALIDATION.validate(null, List.of()));
        assertThrows(NullPointerException.class, () -> VALIDATION.validate(List.of(), null));
    }

    @Test
    void manyFoldersInParallelGiveWhatEachGivesAlone() {
        List<TenantFolder> folders = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String id = "t" + i;
            // Every fifth is broken in its own way; no two conflict.
            String json = i % 5 == 0 ? "{\"schemaVersion\":1,\"id\":\"" + id + "\",\"enabled\":\"no\"}"
                    : tenant(id, "10." + (i / 256) + "." + (i % 256) + ".0/24");
            folders.add(MemoryTenantFolder.of(id, json));
        }
        Collections.shuffle(folders, new Random(1));
        List<TenantCheck> together = VALIDATION.validate(folders, List.of());
        List<TenantCheck> alone = new ArrayList<>();
        for (TenantFolder f : folders) {
            alone.add(VALIDATION.validate(List.of(f), List.of()).get(0));
        }
        alone.sort((a, b) -> a.tenantId().compareTo(b.tenantId()));
        assertEquals(alone, together);
        assertEquals(40, together.stream().filter(c -> !c.valid()).count());
    }

    @Test
    void oneInstanceServesManyThreads() throws Exception {
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<TenantCheck>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    List<TenantCheck> last = null;
                    for (int round = 0; round < 50; round++) {
                        last = VALIDATION.validate(List.of(MemoryTenantFolder.of("acme", tenant("acme", "10.0.0.0/24")),
                                MemoryTenantFolder.of("bad", "{\"schemaVersion\":1,\"id\":\"bad\",\"x\":1}")), List.of());
                    }
                    return last;
                }));
            }
            start.countDown();
            List<TenantCheck> first = results.get(0).get(30, TimeUnit.SECONDS);
            for (Future<List<TenantCheck>> f : results) {
                assertEquals(first, f.get(30, TimeUnit.SECONDS));
            }
            assertTrue(first.get(0).valid());
            assertFalse(first.get(1).valid());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCheckHasASpecExactlyWhenItHasNoProblems() {
        assertThrows(IllegalArgumentException.class, () -> new TenantCheck("a", "tenants/a/metadata.json", null, List.of()));
    }

    @Test
    void everyValidIdGivesInterfaceNamesThatFit() {
        // Validation does not check this itself: TenantNames shortens every id to fit. This guards that.
        for (int length = 1; length <= 63; length++) {
            String id = "a" + "b".repeat(Math.max(0, length - 2)) + (length > 1 ? "c" : "");
            assertTrue(TenantNames.isValidId(id), id);
            for (String prefix : List.of("br", "vb", "vt")) {
                String name = TenantNames.interfaceName(prefix, id);
                assertTrue(name.length() <= TenantNames.IFNAME_MAX, name);
            }
        }
    }
}
