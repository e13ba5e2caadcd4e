package bbh.sysext.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bbh.api.tenant.TenantSpec;
import bbh.api.tenant.ValidationProblem;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The checks of an extension's tree: a failure fixture for every error, each with the exact line an
 * operator reads, and a tree that passes.
 */
class TreeCheckTest {

    private static final String T = "tenants/acme/extensions/tools";
    private static final String RELEASE = T + "/usr/lib/extension-release.d/extension-release.tools";
    private static final TargetSystem MACHINES = new TargetSystem(List.of("debian"), null, "x86-64");
    private static final TargetSystem HOST = new TargetSystem(List.of("debian"), "12", "x86-64");

    /** A tree that passes: the release file and one program. */
    private static MemoryFiles good() {
        return new MemoryFiles()
                .file(RELEASE, "ID=_any\nARCHITECTURE=x86-64\n")
                .file(T + "/usr/bin/tool", 0755, "#!/bin/sh\n")
                .symlink(T + "/usr/bin/t", "tool")
                .symlink(T + "/opt/tools/bin", "../../usr/bin");
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                fixture("top folder outside usr/ and opt/", f -> f.file(T + "/etc/passwd", "x").file(T + "/etc/group", "y"),
                        MACHINES, T + "/etc: a sysext may only hold usr/ and opt/ at its top; found 'etc'"),
                fixture("device node", f -> f.special(T + "/usr/dev-null"), MACHINES,
                        T + "/usr/dev-null: a device node, FIFO or socket cannot be in an extension; regular files, folders and symlinks were expected"),
                fixture("submodule", f -> f.submodule(T + "/usr/vendor"), MACHINES,
                        T + "/usr/vendor: a git submodule cannot be in an extension: its content is not in this repository"),
                fixture("setuid file", f -> f.file(T + "/usr/bin/su", 04755, "x"), MACHINES,
                        T + "/usr/bin/su: mode 4755 has the setuid or setgid bit; an extension may not carry either"),
                fixture("setgid folder", f -> f.folder(T + "/usr/share", 02755), MACHINES,
                        T + "/usr/share: mode 2755 has the setuid or setgid bit; an extension may not carry either"),
                fixture("absolute symlink", f -> f.symlink(T + "/usr/bin/sh", "/bin/bash"), MACHINES,
                        T + "/usr/bin/sh: symlink to '/bin/bash' is absolute; a relative target inside the extension's tree was expected"),
                fixture("symlink climbing out", f -> f.symlink(T + "/usr/bin/x", "../../../other/x"), MACHINES,
                        T + "/usr/bin/x: symlink to '../../../other/x' leaves the extension's tree; a target inside it was expected"),
                fixture("release file missing", f -> new MemoryFiles().file(T + "/usr/bin/tool", "x"), MACHINES,
                        RELEASE + ": missing; the release file of extension 'tools' was expected here (systemd-sysext refuses an image without it)"),
                fixture("release file a symlink", f -> new MemoryFiles().file(T + "/usr/bin/tool", "x").symlink(RELEASE, "x"), MACHINES,
                        RELEASE + ": not a regular file; the release file of extension 'tools' was expected here (systemd-sysext refuses an image without it)"),
                fixture("release syntax", f -> f.file(RELEASE, "ID=_any\nthis is no assignment\n"), MACHINES,
                        RELEASE + ":2:1: KEY=value expected"),
                fixture("release unquoted space", f -> f.file(RELEASE, "ID=_any\nNAME=two words\n"), MACHINES,
                        RELEASE + ":2:1: a value with spaces or shell characters must be quoted"),
                fixture("release key twice", f -> f.file(RELEASE, "ID=_any\nID=debian\n"), MACHINES,
                        RELEASE + ":2:1: ID given twice; once expected"),
                fixture("no ID", f -> f.file(RELEASE, "VERSION_ID=12\n"), MACHINES,
                        RELEASE + ": ID= is missing; _any or the OS id of where the image is merged was expected"),
                fixture("ID of another OS", f -> f.file(RELEASE, "ID=fedora\nVERSION_ID=41\n"), MACHINES,
                        RELEASE + ":1:1: ID=fedora does not fit where the image is merged; _any or one of [debian] was expected"),
                fixture("specific ID without any OS configured", f -> f.file(RELEASE, "ID=debian\nVERSION_ID=12\n"),
                        new TargetSystem(List.of(), null, "x86-64"),
                        RELEASE + ":1:1: ID=debian does not fit where the image is merged; _any was expected"),
                fixture("specific ID without version or level", f -> f.file(RELEASE, "ID=debian\n"), MACHINES,
                        RELEASE + ":1:1: with ID=debian, VERSION_ID= or SYSEXT_LEVEL= was expected (systemd-sysext matches one of them)"),
                fixture("VERSION_ID of another release", f -> f.file(RELEASE, "ID=debian\nVERSION_ID=11\n"), HOST,
                        RELEASE + ":2:1: VERSION_ID=11 does not fit where the image is merged; 12 was expected"),
                fixture("version with capitals", f -> f.file(RELEASE, "ID=_any\nSYSEXT_VERSION_ID=V2\n"), MACHINES,
                        RELEASE + ":2:1: SYSEXT_VERSION_ID=V2: lower-case letters, digits, '.', '_' and '-' were expected (os-release(5))"),
                fixture("another architecture", f -> f.file(RELEASE, "ID=_any\nARCHITECTURE=arm64\n"), MACHINES,
                        RELEASE + ":2:1: ARCHITECTURE=arm64 does not fit where the image is merged; x86-64 (or no ARCHITECTURE=) was expected"),
                fixture("no files at all", f -> new MemoryFiles().folder(T, 0755), MACHINES,
                        T + ": a folder with the extension's files was expected; there is none"));
    }

    private static Arguments fixture(String name, UnaryOperator<MemoryFiles> tree, TargetSystem target, String expected) {
        return Arguments.of(name, tree, target, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void everyErrorHasItsOwnLine(String name, UnaryOperator<MemoryFiles> tree, TargetSystem target, String expected) {
        List<TreeProblem> problems = TreeCheck.check(tree.apply(good()), T, "tools", ExtensionType.SYSEXT, target);
        assertEquals(List.of(expected), problems.stream().map(TreeProblem::toString).toList());
    }

    @Test
    void aGoodTreePasses() {
        assertEquals(List.of(), TreeCheck.check(good(), T, "tools", ExtensionType.SYSEXT, MACHINES));
        MemoryFiles specific = good().file(RELEASE, "ID=debian\nVERSION_ID=12\nARCHITECTURE=x86-64\n");
        assertEquals(List.of(), TreeCheck.check(specific, T, "tools", ExtensionType.SYSEXT, HOST));
        MemoryFiles level = good().file(RELEASE, "ID=debian\nSYSEXT_LEVEL=1.0\n");
        assertEquals(List.of(), TreeCheck.check(level, T, "tools", ExtensionType.SYSEXT, HOST), "a level stands in for VERSION_ID");
    }

    @Test
    void aConfextMayOnlyHoldEtc() {
        String c = "tenants/acme/extensions/conf";
        MemoryFiles f = new MemoryFiles()
                .file(c + "/etc/extension-release.d/extension-release.conf", "ID=_any\n")
                .file(c + "/etc/app.conf", "x=1\n")
                .file(c + "/usr/bin/tool", "x");
        assertEquals(List.of(c + "/usr: a confext may only hold etc/ at its top; found 'usr'"),
                TreeCheck.check(f, c, "conf", ExtensionType.CONFEXT, MACHINES).stream().map(TreeProblem::toString).toList());
    }

    @Test
    void theRuleNamesTheMetadataEntryForAMissingTreeAndTheFileOtherwise() {
        TenantSpec spec = new TenantSpec(1, "acme", "", true, "nspawn", null, null, null,
                List.of(new TenantSpec.Extension("tools", "sysext"), new TenantSpec.Extension("gone", "sysext")), List.of(),
                "tenants/acme/metadata.json");
        ExtensionTreeRule rule = new ExtensionTreeRule(MACHINES);
        List<ValidationProblem> problems = rule.check(spec, good().file(T + "/usr/bin/su", 04755, "x"));
        assertEquals(List.of(
                T + "/usr/bin/su: tenant acme: extensions[0]: mode 4755 has the setuid or setgid bit; an extension may not carry either",
                "tenants/acme/metadata.json: tenant acme: extensions[1].name: a folder with the extension's files was expected; "
                        + "there is none in tenants/acme/extensions/gone/"),
                problems.stream().map(ValidationProblem::toString).toList());
    }
}
