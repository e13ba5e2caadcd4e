package bbh.tenant.units;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bbh.tenant.unit.CommandLine;
import bbh.tenant.unit.SystemdWords;
import bbh.tenant.unit.UnitFile;
import bbh.tenant.unit.UnitFileParser;
import bbh.tenant.unit.UnitLine;
import bbh.tenant.unit.UnitSection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The static templates: canonical, using {@code %i} and {@code %I} as the lead's rule says, and their
 * shell helpers exactly the files of {@code units/scripts/} (comments cut) quoted by
 * {@link CommandLine}. After changing a script, run with {@code -Dfixtures.update=true} to rewrite the
 * template lines, then review the diff.
 */
class TemplatesTest {

    private static final Path TEMPLATES = Path.of("src/main/resources/units/templates");
    private static final Path SCRIPTS = Path.of("src/main/resources/units/scripts");

    /** A script as the template holds it: without the comment lines that open the file. */
    static String scriptBody(String name) throws Exception {
        List<String> lines = Files.readAllLines(SCRIPTS.resolve(name + ".sh"), StandardCharsets.UTF_8);
        int i = 0;
        while (i < lines.size() && lines.get(i).startsWith("#")) {
            i++;
        }
        return String.join("\n", lines.subList(i, lines.size())) + "\n";
    }

    /** The value of an {@code Exec*=} line running script {@code name}. */
    static String shellCommand(String name) throws Exception {
        return CommandLine.quote(List.of("/bin/sh", "-c", scriptBody(name), name));
    }

    @Test
    void shellHelpersAreTheScriptsQuotedByTheEscaper() throws Exception {
        int helpers = 0;
        for (String name : Templates.NAMES) {
            Path file = TEMPLATES.resolve(name);
            List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                int eq = line.indexOf('=');
                if (!line.startsWith("Exec") || !line.substring(eq + 1).startsWith("/bin/sh -c ")) {
                    continue;
                }
                List<String> argv = SystemdWords.argv(line.substring(eq + 1));
                String script = argv.get(3);
                String expected = line.substring(0, eq + 1) + shellCommand(script);
                if (Boolean.getBoolean("fixtures.update")) {
                    lines.set(i, expected);
                    Files.write(file, lines, StandardCharsets.UTF_8);
                }
                assertEquals(expected, Files.readAllLines(file, StandardCharsets.UTF_8).get(i), name + " line " + (i + 1));
                assertEquals(4, argv.size(), line);
                helpers++;
            }
        }
        assertEquals(4, helpers, "storage start, reload and stop, and the vm placeholder");
    }

    @Test
    void templatesAreCanonicalAndAllInTheBundle() throws Exception {
        for (String name : Templates.NAMES) {
            String text = Templates.text(name);
            assertEquals(Files.readString(TEMPLATES.resolve(name)), text, name);
            assertEquals(text, UnitFileParser.parse(name, text).text(), name + " is not in canonical form");
        }
        assertEquals(Templates.NAMES, List.copyOf(Templates.all().entries().keySet()).stream()
                .sorted(java.util.Comparator.comparing(Templates.NAMES::indexOf)).toList());
    }

    @Test
    void unitNamesUseTheEscapedInstanceAndPathsTheIdItself() throws Exception {
        for (String name : Templates.NAMES) {
            UnitFile f = UnitFileParser.parse(name, Templates.text(name));
            assertEquals(List.of("tenant-%i.slice"), f.values("Service", "Slice"), name);
            for (UnitSection s : f.sections()) {
                for (UnitLine l : s.lines()) {
                    if (!(l instanceof UnitLine.Directive d)) {
                        continue;
                    }
                    String v = d.value().text();
                    if (List.of("Requires", "After", "Wants", "PartOf", "Slice").contains(d.key())) {
                        assertFalse(v.contains("%I"), name + ": " + d.key() + " names units: %i, not %I");
                    }
                    assertFalse(v.contains("/%i"), name + ": " + d.key() + ": a path holds the id, %I");
                    assertFalse(v.contains("=%i"), name + ": " + d.key() + ": a value meant as the id is %I");
                }
            }
        }
        UnitFile tenant = UnitFileParser.parse("tenant@.service", Templates.text("tenant@.service"));
        assertEquals(List.of("tenant-infra@%i.service tenant-network@%i.service tenant-vm@%i.service"),
                tenant.values("Unit", "Requires"));
        assertEquals(tenant.values("Unit", "Requires"), tenant.values("Unit", "After"), "pulled in, and in order");
        assertTrue(Templates.text("tenant-infra@.service").contains("\nEnvironment=BBH_TENANT=%I\n"));
    }
}
