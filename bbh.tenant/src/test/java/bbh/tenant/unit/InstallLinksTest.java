package bbh.tenant.unit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The links systemctl enable makes from [Install], as bbh makes them for a tenant's machine. */
class InstallLinksTest {

    private static UnitFile parse(String text) throws UnitSyntaxException {
        return UnitFileParser.parse("test.service", text);
    }

    @Test
    void wantedByAndRequiredByBecomeLinksInTheirFolders() throws Exception {
        UnitFile f = parse("[Unit]\nDescription=x\n\n[Install]\nWantedBy=multi-user.target  timers.target\n"
                + "RequiredBy=app.target\nWantedBy=multi-user.target\nAlias=other.service\nAlso=x.socket\n");
        assertEquals(List.of("app.target.requires/hello.service", "multi-user.target.wants/hello.service",
                "timers.target.wants/hello.service"), List.copyOf(InstallLinks.of("hello.service", f)));
    }

    @Test
    void anEmptyAssignmentEmptiesTheListSoFar() throws Exception {
        UnitFile f = parse("[Install]\nWantedBy=a.target b.target\nWantedBy=\nWantedBy=c.target\n");
        assertEquals(List.of("c.target"), InstallLinks.words(f, "WantedBy"));
        assertEquals(List.of("c.target.wants/x.service"), List.copyOf(InstallLinks.of("x.service", f)));
    }

    @Test
    void aTemplateGetsNoLinksAndNeitherDoesAUnitWithoutInstall() throws Exception {
        UnitFile f = parse("[Install]\nWantedBy=%i.target\n");
        assertTrue(InstallLinks.of("worker@.service", f).isEmpty());
        assertTrue(InstallLinks.of("x.service", parse("[Service]\nExecStart=/bin/true\n")).isEmpty());
        // An instance is a unit of its own: its [Install] applies.
        assertEquals(List.of("a.target.wants/worker@1.service"),
                List.copyOf(InstallLinks.of("worker@1.service", parse("[Install]\nWantedBy=a.target\n"))));
    }

    @Test
    void refusesNamesALinkCannotBeMadeFor() throws Exception {
        for (String bad : new String[] {"%i.target", "getty@.service", "not-a-unit", "../../etc.target", "a/b.target"}) {
            UnitFile f = parse("[Install]\nWantedBy=" + bad + "\n");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InstallLinks.of("x.service", f));
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }
}
