package bbh.sysext.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bbh.api.tenant.ValidationProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks of the operator-wide trees ({@code extensions/<name>/}): each problem is one
 * operator-wide line naming the file, the extension and what was expected.
 */
class OperatorTreeRuleTest {

    private static final TargetSystem HOST = new TargetSystem(List.of("debian"), "12", "x86-64");
    private static final String T = "extensions/debug-tools";
    private static final String RELEASE = T + "/usr/lib/extension-release.d/extension-release.debug-tools";

    /** The bundled example's operator-wide tree, and a README beside it (no extension). */
    private static MemoryFiles example() {
        return new MemoryFiles()
                .file("extensions/README.md", "operator-wide extensions\n")
                .file(RELEASE, "ID=_any\nSYSEXT_VERSION_ID=1\n")
                .file(T + "/usr/bin/bbh-debug-info", 0755, "#!/bin/sh\n");
    }

    private static List<String> lines(List<ValidationProblem> problems) {
        assertTrue(problems.stream().allMatch(ValidationProblem::operatorWide), problems::toString);
        return problems.stream().map(ValidationProblem::toString).toList();
    }

    @Test
    void theExampleTreePassesDeclaredOrNot() {
        assertEquals(List.of(), new OperatorTreeRule(HOST, List.of(), List.of()).check(example()));
        assertEquals(List.of(), new OperatorTreeRule(HOST, List.of("debug-tools"), List.of()).check(example()));
    }

    @Test
    void anUndeclaredTreeIsCheckedToo() {
        MemoryFiles f = example().file(T + "/usr/bin/su", 04755, "x");

        assertEquals(List.of(T + "/usr/bin/su: operator-wide: sysext debug-tools: mode 4755 has the setuid or setgid bit; "
                + "an extension may not carry either"), lines(new OperatorTreeRule(HOST, List.of(), List.of()).check(f)));
    }

    @Test
    void aReleaseFileForAnotherOsIsRefusedWithItsLine() {
        MemoryFiles f = example().file(RELEASE, "# for the host\nID=fedora\nVERSION_ID=40\n");

        assertEquals(List.of(RELEASE + ":2:1: operator-wide: sysext debug-tools: ID=fedora does not fit where the image is merged; "
                + "_any or one of [debian] was expected"), lines(new OperatorTreeRule(HOST, List.of("debug-tools"), List.of()).check(f)));
    }

    @Test
    void aReleaseFileOfAnotherHostVersionIsRefused() {
        MemoryFiles f = example().file(RELEASE, "ID=debian\nVERSION_ID=11\n");

        assertEquals(List.of(RELEASE + ":2:1: operator-wide: sysext debug-tools: VERSION_ID=11 does not fit where the image is merged; "
                + "12 was expected"), lines(new OperatorTreeRule(HOST, List.of(), List.of()).check(f)));
    }

    @Test
    void aDeclaredTreeThatIsMissingSaysWhereItIsDeclared() {
        assertEquals(List.of("extensions/net-tools: operator-wide: sysext net-tools: a folder with the extension's files was expected; "
                + "there is none (declared in bbh.sysext hostSysext)"),
                lines(new OperatorTreeRule(HOST, List.of("net-tools"), List.of()).check(example())));
    }

    @Test
    void aTreeWithOnlyEtcIsACheckedAsAConfextUnlessDeclaredOtherwise() {
        String c = "extensions/site-conf";
        MemoryFiles f = example()
                .file(c + "/etc/extension-release.d/extension-release.site-conf", "ID=_any\n")
                .file(c + "/etc/motd", "hello\n");

        assertEquals(List.of(), new OperatorTreeRule(HOST, List.of(), List.of()).check(f), "an undeclared etc/ tree: a confext");
        assertEquals(List.of(), new OperatorTreeRule(HOST, List.of(), List.of("site-conf")).check(f));
        assertEquals(List.of(c + "/etc: operator-wide: sysext site-conf: a sysext may only hold usr/ and opt/ at its top; found 'etc'",
                c + "/usr/lib/extension-release.d/extension-release.site-conf: operator-wide: sysext site-conf: missing; the release file of "
                        + "extension 'site-conf' was expected here (systemd-sysext refuses an image without it)"),
                lines(new OperatorTreeRule(HOST, List.of("site-conf"), List.of()).check(f)), "declared a sysext: checked as one");
    }

    @Test
    void aTreeMixingEtcAndUsrIsASysextWithAFolderTooMany() {
        MemoryFiles f = example().file(T + "/etc/debug.conf", "x\n");

        assertEquals(List.of(T + "/etc: operator-wide: sysext debug-tools: a sysext may only hold usr/ and opt/ at its top; found 'etc'"),
                lines(new OperatorTreeRule(HOST, List.of(), List.of()).check(f)));
    }

    @Test
    void noExtensionsFolderIsNoProblem() {
        assertEquals(List.of(), new OperatorTreeRule(HOST, List.of(), List.of())
                .check(new MemoryFiles().file("tenants/acme/metadata.json", "{}")));
    }

    @Test
    void theHostTargetIsTheHostsOsRelease(@TempDir Path root) throws Exception {
        assertEquals(new TargetSystem(List.of(), null, "x86-64"), HostTarget.read(root, "x86-64"), "none: only ID=_any fits");
        Files.createDirectories(root.resolve("usr/lib"));
        Files.writeString(root.resolve("usr/lib/os-release"), "ID=debian\nVERSION_ID=\"12\"\n");
        assertEquals(HOST, HostTarget.read(root, "x86-64"));
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/os-release"), "ID=fedora\nVERSION_ID=40\n");
        assertEquals(new TargetSystem(List.of("fedora"), "40", "arm64"), HostTarget.read(root, "arm64"), "etc/ first");
    }
}
