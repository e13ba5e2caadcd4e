package bbh.machine.stage;

import bbh.api.systemd.JobResult;
import bbh.api.systemd.SystemdException;
import bbh.api.systemd.SystemdManager;
import java.util.List;
import java.util.Map;

/**
 * The reason a machine did not start, in systemd's words: the job's result, the unit's
 * {@code Result}, its main process's exit status and its last journal lines, e.g.
 * <pre>
 * tenant-vm@acme.service did not start: job failed; unit result exit-code, main process status 1;
 * journal: Directory /var/lib/machines/gone doesn't exist. | ...
 * </pre>
 */
final class StartFailure {
    private StartFailure() {}

    static String describe(String unit, String what, SystemdManager systemd, List<String> journal) {
        StringBuilder b = new StringBuilder(unit).append(" did not start: ").append(what);
        try {
            Map<String, Object> p = systemd.unitProperties(unit);
            b.append("; unit ").append(p.getOrDefault("ActiveState", "?"))
                    .append(", result ").append(p.getOrDefault("Result", "?"));
            Object status = p.get("ExecMainStatus");
            if (status instanceof Number n && n.intValue() != 0) {
                b.append(", main process status ").append(n);
            }
        } catch (SystemdException e) {
            b.append("; its properties could not be read: ").append(e.getMessage());
        }
        if (!journal.isEmpty()) {
            b.append("; journal: ").append(String.join(" | ", journal));
        }
        return b.toString();
    }

    static String job(JobResult job) {
        return "job " + job.result();
    }
}
