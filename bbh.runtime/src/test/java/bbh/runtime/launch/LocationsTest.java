package bbh.runtime.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LocationsTest {

    private static final Path CWD = Path.of("/home/op/work");

    @Test
    void urlsOfEveryKindGitAcceptsAreUrls() {
        assertTrue(Locations.isUrl("https://git.example.org/tenants.git"));
        assertTrue(Locations.isUrl("ssh://git@git.example.org/tenants.git"));
        assertTrue(Locations.isUrl("file:///srv/tenants"));
        assertTrue(Locations.isUrl("git@git.example.org:ops/tenants.git"));
    }

    @Test
    void foldersAreNotUrls() {
        assertFalse(Locations.isUrl("/srv/tenants"));
        assertFalse(Locations.isUrl("examples/tenant-repo"));
        assertFalse(Locations.isUrl("./repo"));
        assertFalse(Locations.isUrl("dir:with/colon"));
    }

    @Test
    void relativeFoldersAreResolvedAgainstTheCallersFolder() {
        assertEquals("/home/op/work/examples/tenant-repo", Locations.absoluteLocation("examples/tenant-repo", CWD));
        assertEquals("/home/op/repo", Locations.absoluteLocation("../repo", CWD));
        assertEquals("/srv/tenants", Locations.absoluteLocation("/srv/./tenants", CWD));
    }

    @Test
    void urlsAreLeftAlone() {
        assertEquals("file:///srv/../tenants", Locations.absoluteLocation("file:///srv/../tenants", CWD));
    }
}
