package bbh.tenant.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bbh.api.source.SyncReport;
import bbh.api.tenant.ValidationProblem;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code bbh:sync}'s answer: operator-wide problems show even when no tenant changed. */
class SyncReportFormatTest {

    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @Test
    void aCommitThatChangedOnlyExtensionsShowsItsOperatorWideProblems() {
        ValidationProblem p = ValidationProblem.operatorWide("extensions/debug-tools", 0, 0, "sysext debug-tools",
                "a folder with the extension's files was expected; there is none");
        SyncReport r = new SyncReport(Instant.EPOCH, COMMIT, 3, List.of(), List.of(), List.of(p), null);

        assertEquals("commit 0123456, generation 3: no tenant changed\n"
                + "extensions/debug-tools: operator-wide: sysext debug-tools: a folder with the extension's files was expected; there is none",
                ConsoleFormats.syncReport(r));
    }

    @Test
    void withoutProblemsItIsOneLine() {
        assertEquals("commit 0123456, generation 3: no tenant changed",
                ConsoleFormats.syncReport(new SyncReport(Instant.EPOCH, COMMIT, 3, List.of(), List.of(), List.of(), null)));
    }
}
