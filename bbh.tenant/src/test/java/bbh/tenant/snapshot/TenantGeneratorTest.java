package bbh.tenant.snapshot;

import static bbh.tenant.snapshot.UnitSnapshotsTest.describe;
import static bbh.tenant.snapshot.UnitSnapshotsTest.list;
import static bbh.tenant.snapshot.UnitSnapshotsTest.tenantFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import bbh.tenant.unit.RenderedTree;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tenant-generator and mount-generator, the compiled programs, against snapshots that
 * {@link UnitSnapshots} wrote: the output folder equals the snapshots; a broken snapshot is left out
 * whole and the others go on; duplicates are refused; the writer's lock is honoured.
 */
class TenantGeneratorTest {

    @TempDir
    Path work;

    private Path state;
    private Path out;
    private Path logs;
    private UnitSnapshots units;

    private static final RenderedTree HOST = new RenderedTree().file("tenant.slice", "[Slice]\nCPUWeight=100\n");

    @BeforeEach
    void folders() throws IOException {
        state = work.resolve("state");
        out = Files.createDirectories(work.resolve("run/systemd/generator"));
        logs = work.resolve("logs");
        units = new UnitSnapshots(state.resolve("units"), false);
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("BBH_STATE", state.toString());
        return env;
    }

    private GeneratorProgram.Result generate() throws IOException, InterruptedException {
        return GeneratorProgram.tenantGenerator().run(env(), logs, out.toString(), out.toString(), out.toString());
    }

    /** Host files, then every tenant's, as one tree: what the output folder must hold. */
    private static RenderedTree union(RenderedTree... trees) {
        RenderedTree all = new RenderedTree();
        for (RenderedTree t : trees) {
            all.addAll("", t);
        }
        return all;
    }

    private void assertOutput(RenderedTree expected) throws IOException {
        RenderedTree actual = new RenderedTree();
        SnapshotFiles.read(out).values().forEach(e -> {
            if (e.isSymlink()) {
                actual.symlink(e.path(), e.linkTarget());
            } else {
                actual.file(e.path(), new String(e.content()));
            }
        });
        assertEquals(describe(expected), describe(actual));
        assertTrue(SnapshotFiles.same(expected.entries(), SnapshotFiles.read(out)));
    }

    @Test
    void theOutputEqualsTheSnapshots() throws Exception {
        units.writeHost(1, HOST);
        units.writeTenant("acme", 1, tenantFiles("acme", "1G"));
        units.writeTenant("globex", 4, tenantFiles("globex", "2G"));
        units.writeTenant("globex", 5, tenantFiles("globex", "3G"));

        GeneratorProgram.Result r = generate();

        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("", r.stderr(), "a run without problems is quiet");
        assertOutput(union(HOST, tenantFiles("acme", "1G"), tenantFiles("globex", "3G")));
        assertEquals("rw-r--r--", mode(out.resolve("tenant-acme.slice")));
        assertEquals("rwxr-xr-x", mode(out.resolve("multi-user.target.wants")));
    }

    @Test
    void oneOutputFolderIsEnoughWhenRunByHand() throws Exception {
        units.writeTenant("acme", 1, tenantFiles("acme", "1G"));
        GeneratorProgram.Result r = GeneratorProgram.tenantGenerator().run(env(), logs, out.toString());
        assertEquals(0, r.exitCode(), r.stderr());
        assertOutput(tenantFiles("acme", "1G"));
    }

    @Test
    void modesInTheOutputDoNotDependOnTheSnapshot() throws Exception {
        units.writeTenant("acme", 1, tenantFiles("acme", "1G"));
        Path slice = units.folder().resolve("tenants/acme/current/tenant-acme.slice");
        Files.setPosixFilePermissions(slice, PosixFilePermissions.fromString("rwx--x---"));

        assertEquals(0, generate().exitCode());
        assertEquals("rw-r--r--", mode(out.resolve("tenant-acme.slice")));
    }

    @Test
    void theStateFolderFollowsTheRootPrefix() throws Exception {
        Path root = work.resolve("root");
        new UnitSnapshots(root.resolve("var/lib/bbh/units"), false).writeTenant("acme", 1, tenantFiles("acme", "1G"));

        GeneratorProgram.Result r = GeneratorProgram.tenantGenerator()
                .run(Map.of("BBH_ROOT", root.toString()), logs, out.toString(), out.toString(), out.toString());
        assertEquals(0, r.exitCode(), r.stderr());
        assertOutput(tenantFiles("acme", "1G"));
    }

    @Test
    void aMissingStateFolderMeansNothingToDo() throws Exception {
        GeneratorProgram.Result r = generate();
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("", r.stderr());
        assertEquals(List.of(), list(out));
    }

    @Test
    void leftoversOfAnInterruptedWriteAreIgnored() throws Exception {
        units.writeTenant("acme", 1, tenantFiles("acme", "1G"));
        Path slot = units.folder().resolve("tenants/acme");
        Files.createDirectories(slot.resolve("g2"));
        Files.writeString(slot.resolve("g2/tenant-acme.slice"), "[Sl");
        Files.createSymbolicLink(slot.resolve(UnitSnapshots.NEW_LINK), Path.of("g2"));
        // A first write of another tenant, cut short before its switch.
        Files.createDirectories(units.folder().resolve("tenants/newco/g1"));
        Files.writeString(units.folder().resolve("tenants/newco/g1/tenant-newco.slice"), "[Slice]\n");
        // A removal cut short between its rename and its delete.
        Files.createDirectories(units.folder().resolve(".trash/old.1.1/g3"));
        Files.writeString(units.folder().resolve(".trash/old.1.1/g3/tenant-old.slice"), "[Slice]\n");

        GeneratorProgram.Result r = generate();

        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("", r.stderr());
        assertOutput(tenantFiles("acme", "1G"));
    }

    @Test
    void aBrokenSnapshotIsLeftOutWholeAndTheOthersGoOn() throws Exception {
        units.writeHost(1, HOST);
        units.writeTenant("alpha", 1, tenantFiles("alpha", "1G"));
        units.writeTenant("omega", 1, tenantFiles("omega", "1G"));
        // broken: a FIFO among good files (listed after some of them, so the copy must take those back).
        units.writeTenant("broken", 1, tenantFiles("broken", "1G")
                .file("aaa.conf", "first\n").file("zzz.conf", "last\n"));
        mkfifo(units.folder().resolve("tenants/broken/g1/multi-user.target.wants/fifo"));
        // dangling: current names a folder that is gone.
        units.writeTenant("dangling", 1, tenantFiles("dangling", "1G"));
        SnapshotFiles.delete(units.folder().resolve("tenants/dangling/g1"));
        // escape: current leads out of its slot.
        units.writeTenant("escape", 1, tenantFiles("escape", "1G"));
        Path escapeCurrent = units.folder().resolve("tenants/escape/current");
        Files.delete(escapeCurrent);
        Files.createSymbolicLink(escapeCurrent, Path.of("../alpha/g1"));
        // flat: current is a file, not a symlink.
        Files.createDirectories(units.folder().resolve("tenants/flat"));
        Files.writeString(units.folder().resolve("tenants/flat/current"), "g1\n");

        GeneratorProgram.Result r = generate();

        assertEquals(0, r.exitCode(), "one tenant's snapshot never fails the generator: " + r.stderr());
        assertOutput(union(HOST, tenantFiles("alpha", "1G"), tenantFiles("omega", "1G")));
        assertFalse(Files.exists(out.resolve("tenant-vm@broken.service.d"), LinkOption.NOFOLLOW_LINKS),
                "folders the broken snapshot created are taken back too");
        for (String tenant : List.of("broken", "dangling", "escape", "flat")) {
            assertTrue(r.stderr().contains("tenant " + tenant + ": "), "no line names " + tenant + ":\n" + r.stderr());
        }
        assertTrue(r.stderr().contains("broken/g1/multi-user.target.wants/fifo is neither a file, a folder nor a symlink"),
                r.stderr());
        assertTrue(r.stderr().contains("3 snapshots emitted (7 files and links), 4 skipped, 0 duplicate paths refused"),
                r.stderr());
    }

    @Test
    void aSnapshotThatCannotBeWrittenIsTakenBackWhole() throws Exception {
        RenderedTree acme = tenantFiles("acme", "1G").file("a.conf", "a\n");
        for (int i = 1; i <= 5; i++) {
            acme.file("d" + i + ".service.d/50-bbh.conf", "[Service]\n");
        }
        units.writeTenant("acme", 1, acme);
        units.writeTenant("globex", 1, tenantFiles("globex", "1G"));
        // The generator copies in listing order (readdir's, the same from Java): the last folder
        // listed comes after other entries, which are created before the failure and so must be
        // taken back. That folder exists in the output already (shared with whoever made it) and
        // refuses new entries even to root.
        String last = null;
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(units.folder().resolve("tenants/acme/g1"))) {
            for (Path p : listing) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    last = p.getFileName().toString();
                }
            }
        }
        Path shared = Files.createDirectories(out.resolve(last));
        Assumptions.assumeTrue(run("chattr", "+i", shared.toString()) == 0,
                "chattr +i does not work on the file system of " + shared);
        GeneratorProgram.Result r;
        try {
            r = generate();
        } finally {
            run("chattr", "-i", shared.toString());
        }

        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("tenant acme: cannot create "), r.stderr());
        assertTrue(r.stderr().contains(last + "/"), r.stderr());
        assertTrue(r.stderr().contains("1 snapshots emitted (3 files and links), 1 skipped"), r.stderr());
        // What of acme had been created before the failure is gone again; the shared folder stays.
        assertOutput(tenantFiles("globex", "1G"));
        assertEquals(List.of(), list(shared));
        assertEquals(List.of(last, "multi-user.target.wants", "tenant-globex.slice", "tenant-vm@globex.service.d"), list(out));
    }

    @Test
    void aPathThatExistsAlreadyIsNotOverwritten() throws Exception {
        units.writeHost(1, HOST);
        // beta carries the host's tenant.slice too; alpha comes first and keeps the shared drop-in.
        units.writeTenant("alpha", 1, tenantFiles("alpha", "1G").file("shared.conf", "alpha\n"));
        units.writeTenant("beta", 1, tenantFiles("beta", "1G").file("tenant.slice", "[Slice]\nCPUWeight=1\n")
                .file("shared.conf", "beta\n"));
        Files.writeString(out.resolve("tenant-beta.slice"), "left by another generator\n");

        GeneratorProgram.Result r = generate();

        assertEquals(0, r.exitCode(), r.stderr());
        RenderedTree beta = tenantFiles("beta", "1G");
        RenderedTree betaKept = new RenderedTree();
        beta.entries().values().stream().filter(e -> !e.path().equals("tenant-beta.slice")).forEach(e -> {
            if (e.isSymlink()) {
                betaKept.symlink(e.path(), e.linkTarget());
            } else {
                betaKept.file(e.path(), new String(e.content()));
            }
        });
        assertOutput(union(HOST, tenantFiles("alpha", "1G").file("shared.conf", "alpha\n"), betaKept,
                new RenderedTree().file("tenant-beta.slice", "left by another generator\n")));
        for (String path : List.of("tenant.slice", "shared.conf", "tenant-beta.slice")) {
            assertTrue(r.stderr().contains("tenant beta: " + path + " exists in the output folder already; not overwritten"),
                    r.stderr());
        }
        assertTrue(r.stderr().contains("3 duplicate paths refused"), r.stderr());
    }

    @Test
    void theGeneratorWaitsForTheWritersLock() throws Exception {
        units.writeTenant("acme", 1, tenantFiles("acme", "1G"));
        Map<String, String> env = env();
        env.put("BBH_LOCK_TIMEOUT", "120"); // the wait must end by the release, not by the timeout

        Process generator;
        try (SnapshotLock writer = SnapshotLock.exclusive(units.lockFile())) {
            assertTrue(writer.isExclusive());
            String held = heldBy(ProcessHandle.current().pid());
            assertTrue(held.contains("POSIX") && held.contains("WRITE"),
                    "the writer's lock is an fcntl write lock, as the generator expects: " + held);

            generator = GeneratorProgram.tenantGenerator().start(env, logs, out.toString(), out.toString(), out.toString());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!blockedIn(generator.pid())) {
                if (generator.waitFor(20, TimeUnit.MILLISECONDS)) {
                    fail("the generator ended while the writer held the lock: " + Files.readString(logs.resolve("stderr")));
                }
                if (System.nanoTime() > deadline) {
                    fail("the generator does not wait for the lock (/proc/locks)");
                }
            }
            assertFalse(generator.waitFor(200, TimeUnit.MILLISECONDS), "the generator ended while the lock was held");
            assertEquals(List.of(), list(out), "the generator copied while the writer held the lock");
        }
        GeneratorProgram.Result r = GeneratorProgram.finish(generator, logs, 20);
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("", r.stderr());
        assertOutput(tenantFiles("acme", "1G"));
    }

    @Test
    void aLockNotGrantedInTimeIsLoggedAndTheCopyGoesOn() throws Exception {
        units.writeTenant("acme", 1, tenantFiles("acme", "1G"));
        Map<String, String> env = env();
        env.put("BBH_LOCK_TIMEOUT", "1");

        GeneratorProgram.Result r;
        try (SnapshotLock writer = SnapshotLock.exclusive(units.lockFile())) {
            r = GeneratorProgram.tenantGenerator().run(env, logs, out.toString(), out.toString(), out.toString());
        }
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("units.lock: not granted within 1 s; copying without it"), r.stderr());
        assertOutput(tenantFiles("acme", "1G"));
    }

    @Test
    void wrongUsageOrAMissingOutputFolderFails() throws Exception {
        GeneratorProgram.Result none = GeneratorProgram.tenantGenerator().run(env(), logs);
        assertEquals(1, none.exitCode());
        assertTrue(none.stderr().startsWith("tenant-generator: usage: tenant-generator NORMAL-DIR [EARLY-DIR LATE-DIR]"),
                none.stderr());

        GeneratorProgram.Result two = GeneratorProgram.tenantGenerator().run(env(), logs, out.toString(), out.toString());
        assertEquals(1, two.exitCode());

        String missing = work.resolve("no/such/folder").toString();
        GeneratorProgram.Result gone = GeneratorProgram.tenantGenerator().run(env(), logs, missing, missing, missing);
        assertEquals(1, gone.exitCode());
        assertTrue(gone.stderr().contains("cannot open the output folder " + missing), gone.stderr());
    }

    @Test
    void theMountGeneratorReadsTheMountSnapshots() throws Exception {
        RenderedTree mount = new RenderedTree()
                .file("var-lib-tenants-acme.mount", "[Mount]\nWhat=/dev/vg/acme\nWhere=/var/lib/tenants/acme\n")
                .symlink("local-fs.target.wants/var-lib-tenants-acme.mount", "../var-lib-tenants-acme.mount");
        UnitSnapshots mounts = new UnitSnapshots(state.resolve("mounts"), false);
        mounts.writeTenant("acme", 1, mount);
        units.writeTenant("acme", 1, tenantFiles("acme", "1G"));
        assertEquals(state.resolve("mounts/mounts.lock"), mounts.lockFile());

        GeneratorProgram.Result r = GeneratorProgram.mountGenerator().run(env(), logs, out.toString(), out.toString(),
                out.toString());

        assertEquals(0, r.exitCode(), r.stderr());
        assertOutput(mount);
    }

    @Test
    void controlCharactersInANameCannotForgeALogLine() throws Exception {
        units.writeTenant("acme", 1, tenantFiles("acme", "1G"));
        Files.writeString(out.resolve("tenant-acme.slice\nforged"), "x");
        Path odd = units.folder().resolve("tenants/acme/g1/tenant-acme.slice\nforged");
        Files.writeString(odd, "y");

        GeneratorProgram.Result r = generate();

        assertEquals(0, r.exitCode(), r.stderr());
        for (String line : r.stderr().split("\n")) {
            assertTrue(line.startsWith("tenant-generator: "), "a line not written by the generator: " + line);
        }
        assertTrue(r.stderr().contains("tenant-acme.slice?forged exists in the output folder already"), r.stderr());
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    private static void mkfifo(Path p) throws IOException, InterruptedException {
        if (run("mkfifo", p.toString()) != 0) {
            throw new IOException("mkfifo " + p + " failed");
        }
    }

    /** Runs a command to its end (at most 10 s) and returns its exit code. */
    private static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            return -1;
        }
        return p.exitValue();
    }

    /** The lines of /proc/locks for locks held by {@code pid}. */
    private static String heldBy(long pid) throws IOException {
        StringBuilder b = new StringBuilder();
        for (String line : Files.readAllLines(Path.of("/proc/locks"))) {
            String[] f = line.trim().split("\\s+");
            if (!line.contains("->") && f.length > 4 && f[4].equals(Long.toString(pid))) {
                b.append(line).append('\n');
            }
        }
        return b.toString();
    }

    /** True when /proc/locks shows {@code pid} waiting for a lock ("->" marks a blocked request). */
    private static boolean blockedIn(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/locks"))) {
            String[] f = line.trim().split("\\s+");
            // "1: -> POSIX  ADVISORY  READ 4321 fd:00:123 0 EOF"
            if (f.length > 5 && f[1].equals("->") && f[2].equals("POSIX") && f[4].equals("READ")
                    && f[5].equals(Long.toString(pid))) {
                return true;
            }
        }
        return false;
    }
}
