package bbh.tenant.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bbh.api.tenant.TenantSpec;
import bbh.api.tenant.ValidationProblem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden fixtures: every repository under {@code src/test/resources/fixtures/{valid,invalid}/<case>}
 * is validated and the outcome compared, exactly, with its {@code expected.txt}: the problem lines
 * of invalid tenants and the spec lines of valid ones, tenants in name order. A case may hold
 * {@code in-force/tenants/...}, the tenants in force, and a {@code setup.txt} (see
 * {@link FixtureRepository}). README files describe each case.
 *
 * <p>After a deliberate change of wording, run with {@code -Dfixtures.update=true} to rewrite the
 * expected files, then review the diff.
 */
class TenantFixturesTest {

    private static final Path FIXTURES = Path.of("src/test/resources/fixtures");
    private static final TenantValidation VALIDATION = new TenantValidation();

    static Stream<String> cases() throws IOException {
        return Stream.of("valid", "invalid").flatMap(kind -> {
            try (Stream<Path> list = Files.list(FIXTURES.resolve(kind))) {
                return list.filter(Files::isDirectory).map(p -> kind + "/" + p.getFileName()).sorted().toList().stream();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fixture(String name, @TempDir Path scratch) throws IOException {
        Path source = FIXTURES.resolve(name);
        Path top = FixtureRepository.prepare(source, scratch);
        List<TenantSpec> inForce = Files.isDirectory(top.resolve("in-force"))
                ? FixtureRepository.specsInForce(VALIDATION, top.resolve("in-force"))
                : List.of();

        List<TenantCheck> checks = VALIDATION.validate(FixtureRepository.folders(top), inForce);

        StringBuilder actual = new StringBuilder();
        for (TenantCheck c : checks) {
            assertEquals(c.valid(), c.spec() != null, c.tenantId());
            if (c.valid()) {
                actual.append(SpecText.of(c.spec()));
            } else {
                for (ValidationProblem p : c.problems()) {
                    assertEquals(1, p.toString().lines().count(), "a problem is one line: " + p);
                    actual.append(p).append('\n');
                }
            }
        }
        if (name.startsWith("invalid/")) {
            assertTrue(checks.stream().anyMatch(c -> !c.valid()), "an invalid fixture must have a problem");
        } else {
            assertTrue(checks.stream().allMatch(TenantCheck::valid), () -> "a valid fixture must pass:\n" + actual);
        }
        assertNotEquals(0, checks.size(), "a fixture holds tenants");

        Path expectedFile = source.resolve("expected.txt");
        if (Boolean.getBoolean("fixtures.update")) {
            Files.writeString(expectedFile, actual, StandardCharsets.UTF_8);
        }
        String expected = Files.readString(expectedFile, StandardCharsets.UTF_8);
        assertEquals(expected, actual.toString(), name);
    }
}
