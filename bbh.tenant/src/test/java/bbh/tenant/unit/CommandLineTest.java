package bbh.tenant.unit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Command lines are quoted so that systemd splits them back into the given vector. Here against an
 * independent reading of the rules and systemd-analyze verify; UnitsInBootedSystemdTest runs
 * one in a real systemd.
 */
class CommandLineTest {

    @Test
    void plainArgumentsStayPlainOthersAreQuoted() {
        assertEquals("/bin/echo a --x=y /p:q,r@s+t", CommandLine.quote(List.of("/bin/echo", "a", "--x=y", "/p:q,r@s+t")));
        assertEquals("/bin/echo \"\" \"a b\" \"100%%\" \"$$HOME\" \";\" \"\\\"\\\\\" \"a\\nb\\x01\"",
                CommandLine.quote(List.of("/bin/echo", "", "a b", "100%", "$HOME", ";", "\"\\", "a\nb\u0001")));
    }

    @Test
    void systemdSplitsTheValueIntoTheSameVector() {
        List<String> argv = new ArrayList<>(List.of("/bin/echo"));
        argv.addAll(TrickyArguments.ALL);
        assertEquals(argv, SystemdWords.argv(CommandLine.quote(argv)));

        Random r = new Random(7);
        String alphabet = "ab \t\n\r\"'\\;$%{}@-=\u0001\u007fä😀\u0085";
        for (int n = 0; n < 500; n++) {
            List<String> v = new ArrayList<>(List.of("/bin/true"));
            for (int k = r.nextInt(5); k >= 0; k--) {
                StringBuilder b = new StringBuilder();
                for (int len = r.nextInt(8); len > 0; len--) {
                    b.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0, r.nextInt(alphabet.codePointCount(0, alphabet.length())))));
                }
                v.add(b.toString());
            }
            String value = CommandLine.quote(v);
            assertEquals(-1, LineRules.firstForbidden(value, false), value);
            assertEquals(v, SystemdWords.argv(value), value);
        }
    }

    @Test
    void systemdAnalyzeVerifyAcceptsTrickyArguments(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(ExternalTool.exists("systemd-analyze"), "systemd-analyze is not installed");
        List<String> argv = new ArrayList<>(List.of("/bin/echo"));
        argv.addAll(TrickyArguments.ALL);
        UnitFile unit = UnitFile.builder("tricky.service")
                .section("Service")
                .set("Type", UnitValues.word("oneshot"))
                .set("ExecStart", UnitValues.command(argv))
                .set("ExecStartPost", UnitValues.command("/bin/sh", "-c", "printf '%s\\n' \"$1\" >&2", "sh", "%n $$"))
                .build();
        Files.writeString(dir.resolve("tricky.service"), unit.text());
        ExternalTool t = ExternalTool.run(List.of("systemd-analyze", "verify", "tricky.service"),
                Map.of("SYSTEMD_UNIT_PATH", dir + ":"));
        assertEquals("", t.stderr());
        assertEquals(0, t.exitCode());
    }

    @Test
    void theExecutableMustBeAPlainAbsolutePath() {
        for (String exe : List.of("echo", "-/bin/echo", "/bin/../echo", "/bin/./echo", "/bin//echo", "/bin/ec ho", "/bin/$X", "/bin/%n", "")) {
            assertThrows(IllegalArgumentException.class, () -> CommandLine.quote(List.of(exe)), exe);
        }
        assertThrows(IllegalArgumentException.class, () -> CommandLine.quote(List.of()));
    }

    @Test
    void aNulCannotBePassed() {
        assertThrows(IllegalArgumentException.class, () -> CommandLine.quote(List.of("/bin/echo", "a\u0000b")));
    }
}
