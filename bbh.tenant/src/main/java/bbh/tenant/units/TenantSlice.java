package bbh.tenant.units;

import bbh.api.tenant.TenantSpec;
import bbh.tenant.unit.UnitFile;
import bbh.tenant.unit.UnitLine;
import bbh.tenant.unit.UnitValues;

/**
 * {@code tenant-<instance>.slice}: the tenant's limits from {@code resources} in its metadata, in
 * systemd.resource-control(5) terms. A field that is not given sets nothing.
 * IO bandwidth limits come last, one {@code IOReadBandwidthMax=} and/or {@code IOWriteBandwidthMax=}
 * line per device in declared order (both settings are lists in systemd: every line counts).
 */
final class TenantSlice {
    private TenantSlice() {}

    static UnitFile of(TenantSpec spec, UnitLine.Comment header) throws UnitRenderException {
        TenantSpec.Resources r = spec.resources();
        UnitFile.Builder f = UnitFile.builder(TenantUnitNames.slice(spec.id()))
                .line(header)
                .section("Unit")
                .set("Description", TenantUnits.description(spec))
                .section("Slice");
        boolean any = false;
        if (r.cpuWeight() != null) {
            f.set("CPUWeight", UnitValues.integer(r.cpuWeight()));
            any = true;
        }
        if (r.cpuQuota() != null) {
            f.set("CPUQuota", SpecFields.value(spec, "resources.cpuQuota", () -> UnitValues.percentage(r.cpuQuota())));
            any = true;
        }
        if (r.memoryHigh() != null) {
            f.set("MemoryHigh", SpecFields.value(spec, "resources.memoryHigh", () -> UnitValues.size(r.memoryHigh())));
            any = true;
        }
        if (r.memoryMax() != null) {
            f.set("MemoryMax", SpecFields.value(spec, "resources.memoryMax", () -> UnitValues.size(r.memoryMax())));
            any = true;
        }
        if (r.ioWeight() != null) {
            f.set("IOWeight", UnitValues.integer(r.ioWeight()));
            any = true;
        }
        if (r.tasksMax() != null) {
            f.set("TasksMax", UnitValues.integer(r.tasksMax()));
            any = true;
        }
        for (int i = 0; i < r.io().size(); i++) {
            TenantSpec.IoLimit limit = r.io().get(i);
            String field = "resources.io[" + i + "]";
            if (limit.readBandwidth() != null) {
                f.set("IOReadBandwidthMax", SpecFields.value(spec, field,
                        () -> UnitValues.deviceBandwidth(limit.device(), limit.readBandwidth())));
                any = true;
            }
            if (limit.writeBandwidth() != null) {
                f.set("IOWriteBandwidthMax", SpecFields.value(spec, field,
                        () -> UnitValues.deviceBandwidth(limit.device(), limit.writeBandwidth())));
                any = true;
            }
        }
        if (!any) {
            f.comment(SpecFields.source(spec) + " sets no resource limits.");
        }
        return f.build();
    }
}
