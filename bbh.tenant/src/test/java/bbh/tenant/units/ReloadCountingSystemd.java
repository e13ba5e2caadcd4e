package bbh.tenant.units;

import bbh.api.systemd.JobResult;
import bbh.api.systemd.SystemdException;
import bbh.api.systemd.SystemdManager;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A SystemdManager for the units stage's plain tests: counts reloads, the one call the stage makes,
 * and fails them when given a failure. The real client is tested against a booted systemd
 * (bbh.itest: SystemdManagerIT, UnitsStageIT).
 */
class ReloadCountingSystemd implements SystemdManager {
    final AtomicInteger reloads = new AtomicInteger();
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
        throw new UnsupportedOperationException("the units stage starts nothing");
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
