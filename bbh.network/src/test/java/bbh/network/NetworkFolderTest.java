package bbh.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bbh.tenant.unit.RenderedTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-tenant switch of networkd's folder: whole sets, nothing touched that is right, crashes rolled forward. */
class NetworkFolderTest {

    @TempDir
    Path tmp;

    private NetworkFolder folder() {
        return new NetworkFolder(tmp.resolve("run/systemd/network"), tmp.resolve("state"), true);
    }

    @Test
    void aNewSetReplacesTheOldOneAndLeavesOtherTenantsAlone() throws Exception {
        NetworkFolder f = folder();
        assertTrue(f.write("acme", new RenderedTree().file("a.netdev", "1").file("a.network", "1").file("u.network.d/a.conf", "1")));
        assertTrue(f.write("globex", new RenderedTree().file("g.netdev", "1")));
        assertTrue(f.write("acme", new RenderedTree().file("a.netdev", "2").file("b.netdev", "1")));
        assertEquals(Set.of("a.netdev", "b.netdev", "g.netdev"), names());
        assertEquals("2", Files.readString(f.folder().resolve("a.netdev")));
        assertFalse(Files.exists(f.folder().resolve("u.network.d")), "an emptied drop-in folder goes too");
        assertEquals(Set.of("a.netdev", "b.netdev"), f.listed("acme"));
    }

    @Test
    void theSameSetTouchesNothing() throws Exception {
        NetworkFolder f = folder();
        RenderedTree set = new RenderedTree().file("a.netdev", "1");
        assertTrue(f.write("acme", set));
        var before = Files.getLastModifiedTime(f.folder().resolve("a.netdev"));
        assertFalse(f.write("acme", set));
        assertEquals(before, Files.getLastModifiedTime(f.folder().resolve("a.netdev")));
    }

    @Test
    void removingDeletesOnlyTheTenantsFiles() throws Exception {
        NetworkFolder f = folder();
        f.write("acme", new RenderedTree().file("a.netdev", "1"));
        f.write("globex", new RenderedTree().file("g.netdev", "1"));
        assertTrue(f.remove("acme"));
        assertFalse(f.remove("acme"));
        assertEquals(Set.of("g.netdev"), names());
    }

    /** A crash after the journal was written and one file was renamed: the next touch finishes the switch. */
    @Test
    void aJournalLeftByACrashIsCarriedOut() throws Exception {
        NetworkFolder f = folder();
        f.write("acme", new RenderedTree().file("a.netdev", "old").file("gone.netdev", "old"));
        Path dir = f.folder();
        // What a crash in step 3 leaves: a.netdev already switched, b.netdev still staged, gone.netdev still there.
        Files.writeString(dir.resolve("a.netdev"), "new");
        Files.writeString(dir.resolve(".b.netdev.bbh-new"), "new");
        Files.writeString(tmp.resolve("state/acme.journal"), "+a.netdev\n+b.netdev\n-gone.netdev\n=a.netdev\n=b.netdev\n");
        folder().recoverAll();
        assertEquals(Set.of("a.netdev", "b.netdev"), names());
        assertEquals("new", Files.readString(dir.resolve("b.netdev")));
        assertEquals(Set.of("a.netdev", "b.netdev"), f.listed("acme"));
        assertFalse(Files.exists(tmp.resolve("state/acme.journal")));
    }

    private Set<String> names() throws Exception {
        try (Stream<Path> s = Files.list(folder().folder())) {
            return Set.copyOf(s.map(p -> p.getFileName().toString()).filter(n -> !Files.isDirectory(folder().folder().resolve(n)))
                    .toList());
        }
    }
}
