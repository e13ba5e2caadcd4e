package bbh.tenant.units;

import bbh.api.systemd.JobResult;
import bbh.api.systemd.SystemdException;
import bbh.api.systemd.SystemdManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A SystemdManager for the units stage's plain tests: counts reloads, and fails them when given a
 * failure; records the units started (the stage starts tenant-infra@ to prepare a tenant's state). The real client is tested against a booted systemd
 * (bbh.itest: SystemdManagerIT, UnitsStageIT).
 */
class ReloadCountingSystemd implements SystemdManager {
    final AtomicInteger reloads = new AtomicInteger();
    final List<String> started = new CopyOnWriteArrayList<>();
    private final SystemdException failure;

    ReloadCountingSystemd() {
        this(null);
    }

    ReloadCountingSystemd(SystemdException failure) {
        this.failure = failure;
    }

    @Override
    public void reload() throws SystemdException {
        reloads.incrementAndGet();
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public JobResult start(String unit, Duration timeout) {
        started.add(unit);
        return new JobResult(unit, "/org/freedesktop/systemd1/job/1", "done");
    }

    @Override
    public JobResult stop(String unit, Duration timeout) {
        throw new UnsupportedOperationException("the units stage stops nothing");
    }

    @Override
    public JobResult restart(String unit, Duration timeout) {
        throw new UnsupportedOperationException("the units stage restarts nothing");
    }

    @Override
    public Map<String, Object> unitProperties(String unit) {
        throw new UnsupportedOperationException("the units stage reads no unit");
    }

    @Override
    public String activeState(String unit) {
        throw new UnsupportedOperationException("the units stage reads no unit");
    }

    @Override
    public String version() {
        return "252";
    }
}
