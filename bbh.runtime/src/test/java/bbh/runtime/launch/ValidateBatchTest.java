package bbh.runtime.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bbh.api.tenant.TenantSpec;
import bbh.api.tenant.ValidationProblem;
import bbh.api.tenant.ValidationReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidateBatchTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private ExitCode run(ValidationReport report) {
        return ValidateBatch.run(location -> report, "/srv/t", print(out), print(err));
    }

    private static PrintStream print(ByteArrayOutputStream b) {
        return new PrintStream(b, true, StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream b) {
        return b.toString(StandardCharsets.UTF_8);
    }

    private static TenantSpec spec(String id) {
        return new TenantSpec(1, id, "", true, "nspawn", null, null, null, null, null, "tenants/" + id + "/metadata.json");
    }

    @Test
    void allValidPrintsOnlyTheCount() {
        assertEquals(ExitCode.SUCCESS, run(new ValidationReport("c", 2, List.of(spec("a"), spec("b")), List.of())));
        assertEquals("", text(out));
        assertEquals("2 tenants, 2 valid, 0 invalid\n", text(err));
    }

    @Test
    void problemsGoToStdoutOneALine() {
        ValidationProblem p = new ValidationProblem("tenants/b/metadata.json", 3, 9, "b", "id", "a string was expected");
        assertEquals(ExitCode.FAILURE, run(new ValidationReport("c", 2, List.of(spec("a")), List.of(p))));
        assertEquals("tenants/b/metadata.json:3:9: tenant b: id: a string was expected\n", text(out));
        assertEquals("2 tenants, 1 valid, 1 invalid (1 problem)\n", text(err));
    }

    @Test
    void anUnreadableRepositoryIsAnErrorNamingIt() {
        ExitCode code = ValidateBatch.run(location -> {
            throw new IOException("no such folder");
        }, "/nonexistent", print(out), print(err));
        assertEquals(ExitCode.ERROR, code);
        assertEquals("bbh: cannot read /nonexistent: no such folder\n", text(err));
    }

    @Test
    void oneTenantIsSingular() {
        assertEquals("1 tenant, 1 valid, 0 invalid", ValidateBatch.summary(new ValidationReport("c", 1, List.of(spec("a")), List.of())));
    }

    @Test
    void anOperatorWideProblemExitsOneAndInvalidatesNoTenant() {
        ValidationProblem p = ValidationProblem.operatorWide("extensions/debug-tools/usr/bin/x", 0, 0, "sysext debug-tools",
                "mode 4755 has the setuid or setgid bit; an extension may not carry either");
        assertEquals(ExitCode.FAILURE, run(new ValidationReport("c", 1, List.of(spec("a")), List.of(p))));
        assertEquals("extensions/debug-tools/usr/bin/x: operator-wide: sysext debug-tools: mode 4755 has the setuid or setgid bit; "
                + "an extension may not carry either\n", text(out));
        assertEquals("1 tenant, 1 valid, 0 invalid (1 problem, 1 operator-wide)\n", text(err));
    }
}
