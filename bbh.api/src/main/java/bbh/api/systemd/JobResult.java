package bbh.api.systemd;

/**
 * How a job ended, as the manager's {@code JobRemoved} signal said.
 *
 * @param unit the unit the job was for
 * @param job the job's object path
 * @param result {@code done}, {@code canceled}, {@code timeout}, {@code failed}, {@code dependency}
 *     or {@code skipped} (org.freedesktop.systemd1(5))
 */
public record JobResult(String unit, String job, String result) {

    /** True when the job did what was asked. */
    public boolean done() {
        return "done".equals(result);
    }
}
