package bbh.tenant.unit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Unit names as systemd accepts them, but never hidden. */
class UnitNamesTest {

    @Test
    void plainTemplateAndInstanceNamesOfKnownTypes() {
        assertEquals(Optional.of("service"), UnitNames.type("hello.service"));
        assertEquals(Optional.of("target"), UnitNames.type("multi-user.target"));
        assertEquals(Optional.of("service"), UnitNames.type("getty@tty1.service"));
        assertEquals(Optional.of("service"), UnitNames.type("getty@.service"));
        assertEquals(Optional.of("mount"), UnitNames.type("var-lib-x\\x2dy.mount"));
        assertEquals(Optional.of("timer"), UnitNames.type("a.b.c:d_e.timer"));
        assertTrue(UnitNames.isValid("x".repeat(249) + ".slice"));
        assertFalse(UnitNames.isValid("x".repeat(250) + ".slice"), "256 characters");
    }

    @Test
    void templatesHaveAnEmptyInstance() {
        assertTrue(UnitNames.isTemplate("getty@.service"));
        assertFalse(UnitNames.isTemplate("getty@tty1.service"));
        assertFalse(UnitNames.isTemplate("foo@.bar.service"), "the instance is .bar");
        assertFalse(UnitNames.isTemplate("hello.service"));
        assertFalse(UnitNames.isTemplate("bad@@.service"));
    }

    @Test
    void refusesWhatSystemdRefusesOrPassesOver() {
        for (String bad : new String[] {"", "hello", "hello.", ".service", ".hidden.service", "hello.conf",
                "hello.Service", "a@b@c.service", "two words.service", "tab\t.service", "new\nline.service",
                "slash/x.service", "percent%i.service", "ä.service", "@.service", "x.service~", null}) {
            assertFalse(UnitNames.isValid(bad), String.valueOf(bad));
        }
    }
}
