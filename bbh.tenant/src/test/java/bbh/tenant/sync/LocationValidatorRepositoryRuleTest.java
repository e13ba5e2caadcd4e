package bbh.tenant.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bbh.api.tenant.RepositoryRule;
import bbh.api.tenant.ValidationProblem;
import bbh.api.tenant.ValidationReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code bin/bbh validate} and {@code bbh:validate} do with the repository rules: run them every
 * time, on the files as they are; their problems make the report not valid, and no tenant invalid.
 */
class LocationValidatorRepositoryRuleTest {

    @TempDir
    Path repo;

    private final AtomicInteger runs = new AtomicInteger();

    /** Every file under extensions/ holding the word "bad" is a problem at its first line. */
    private final RepositoryRule noBadFile = files -> {
        runs.incrementAndGet();
        try {
            return files.walk(RepositoryRule.WATCHED_FOLDER).stream()
                    .filter(e -> e.kind() == bbh.api.source.FileEntry.Kind.FILE)
                    .filter(e -> read(files, e.path()).contains("bad"))
                    .map(e -> ValidationProblem.operatorWide(e.path(), 1, 1, "sysext tools", "no 'bad' was expected"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    };

    @Test
    void theRepositoryRulesRunEveryTimeAndTheirProblemsInvalidateTheReportButNoTenant() throws Exception {
        write("tenants/acme/metadata.json", TenantSyncTest.metadata("acme", "10.1.0.0/24"));
        write("extensions/tools/usr/bin/tool", "good\n");
        LocationValidator validator = new LocationValidator();
        validator.addRepositoryRule(noBadFile, Map.of(RepositoryRule.NAME, "test", "service.id", 7L));

        ValidationReport fine = validator.validate(repo.toString());
        assertTrue(fine.allValid(), fine.problems().toString());

        write("extensions/tools/usr/bin/tool", "bad\n");
        ValidationReport bad = validator.validate(repo.toString());

        assertFalse(bad.allValid());
        assertEquals(List.of("extensions/tools/usr/bin/tool:1:1: operator-wide: sysext tools: no 'bad' was expected"),
                bad.problems().stream().map(ValidationProblem::toString).toList());
        assertEquals(1, bad.tenantCount());
        assertEquals(List.of("acme"), bad.valid().stream().map(s -> s.id()).toList(), "acme does not depend on the tree");
        assertEquals(2, runs.get(), "run on every validation, whether or not anything changed");

        validator.removeRepositoryRule(noBadFile, Map.of(RepositoryRule.NAME, "test", "service.id", 7L));
        assertTrue(validator.validate(repo.toString()).allValid(), "an unbound rule no longer runs");
    }

    @Test
    void aProblemARuleGivesATenantIsStillOperatorWide() throws Exception {
        write("tenants/acme/metadata.json", TenantSyncTest.metadata("acme", "10.1.0.0/24"));
        LocationValidator validator = new LocationValidator();
        validator.addRepositoryRule(files -> List.of(new ValidationProblem("extensions/x", 0, 0, "acme", null, "wrong")),
                Map.of());

        ValidationReport r = validator.validate(repo.toString());

        assertEquals(List.of("extensions/x: operator-wide: -: wrong"), r.problems().stream().map(ValidationProblem::toString).toList());
        assertEquals(1, r.valid().size(), "a repository rule makes no tenant invalid");
    }

    private void write(String path, String content) throws IOException {
        Path f = repo.resolve(path);
        Files.createDirectories(f.getParent());
        Files.writeString(f, content, StandardCharsets.UTF_8);
    }

    private static String read(bbh.api.source.RepositoryFiles files, String path) {
        try (var in = files.open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
