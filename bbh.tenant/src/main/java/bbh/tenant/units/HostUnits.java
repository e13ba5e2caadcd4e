package bbh.tenant.units;

import bbh.tenant.unit.GeneratedHeader;
import bbh.tenant.unit.RenderedTree;
import bbh.tenant.unit.UnitFile;
import bbh.tenant.unit.UnitValues;

/**
 * The host-wide files of the units stage, for the generator's output folder: {@code tenant.slice},
 * the parent of every tenant's slice. Nothing in it depends on one tenant.
 */
public final class HostUnits {
    private HostUnits() {}

    /** The host-wide files at {@code commit}. */
    public static RenderedTree render(String commit) {
        UnitFile slice = UnitFile.builder(TenantUnitNames.ALL_TENANTS_SLICE)
                .line(GeneratedHeader.host(commit))
                .section("Unit")
                .set("Description", UnitValues.text("bbh tenants"))
                .set("Before", UnitValues.unitName("slices.target"))
                .section("Slice")
                // Accounting on, so each tenant's use can be read back (MemoryCurrent=, TasksCurrent=, ...).
                .set("CPUAccounting", UnitValues.bool(true))
                .set("MemoryAccounting", UnitValues.bool(true))
                .set("IOAccounting", UnitValues.bool(true))
                .set("TasksAccounting", UnitValues.bool(true))
                .build();
        return new RenderedTree().file(slice.name(), slice.text());
    }
}
