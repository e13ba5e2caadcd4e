package bbh.tenant.units;

import bbh.api.tenant.TenantNames;
import bbh.api.tenant.TenantSpec;
import bbh.tenant.unit.UnitFile;
import bbh.tenant.unit.UnitLine;
import bbh.tenant.unit.UnitValues;
import java.util.List;

/**
 * The tenant's drop-ins, one per template, each {@code <unit>.d/50-bbh.conf}: what differs between
 * tenants, and nothing else. A drop-in with nothing to add says so in a comment, except the storage
 * quota's, which most tenants do not have (see {@link #infra}).
 */
final class TenantDropIns {
    private TenantDropIns() {}

    /** {@code tenant@}: the description, and the tenants this one depends on. */
    static UnitFile tenant(TenantSpec spec, UnitLine.Comment header) throws UnitRenderException {
        UnitFile.Builder f = UnitFile.builder(TenantUnitNames.dropIn(TenantUnitNames.tenant(spec.id())))
                .line(header)
                .section("Unit")
                .set("Description", TenantUnits.description(spec));
        if (!spec.dependsOn().isEmpty()) {
            List<String> deps = spec.dependsOn().stream().sorted().distinct().toList();
            List<String> units;
            try {
                units = deps.stream().map(TenantUnitNames::tenant).toList();
            } catch (IllegalArgumentException e) {
                throw new UnitRenderException(SpecFields.source(spec) + ": dependsOn: " + e.getMessage(), e);
            }
            f.set("Requires", UnitValues.unitNames(units));
            f.set("After", UnitValues.unitNames(units));
        }
        return f.build();
    }

    /**
     * {@code tenant-infra@}: the storage quota, in bytes for the storage helper; null for a tenant
     * without one, whose state is a plain folder (the template's default). No file at all then: a
     * render of thousands of tenants is bound by the number of files it creates.
     */
    static UnitFile infra(TenantSpec spec, UnitLine.Comment header) throws UnitRenderException {
        String quota = spec.resources().storageQuota();
        if (quota == null) {
            return null;
        }
        UnitFile.Builder f = UnitFile.builder(TenantUnitNames.dropIn(TenantUnitNames.infra(spec.id())))
                .line(header);
        f.section("Service")
                .set("Environment", SpecFields.value(spec, "resources.storageQuota",
                        () -> UnitValues.environment("BBH_STORAGE_QUOTA", quota)))
                .set("Environment", SpecFields.value(spec, "resources.storageQuota",
                        () -> UnitValues.environment("BBH_STORAGE_BYTES", Long.toString(StorageQuota.bytes(quota)))));
        return f.build();
    }

    /** {@code tenant-network@}: the link to wait for, the tenant's bridge. */
    static UnitFile network(TenantSpec spec, UnitLine.Comment header) throws UnitRenderException {
        UnitFile.Builder f = UnitFile.builder(TenantUnitNames.dropIn(TenantUnitNames.network(spec.id())))
                .line(header);
        if (spec.network() == null) {
            return f.comment(SpecFields.source(spec) + " declares no network: tenant-network@ is skipped.").build();
        }
        f.section("Service")
                .set("Environment", SpecFields.value(spec, "network",
                        () -> UnitValues.environment("BBH_LINK", TenantNames.bridgeName(spec.id()))));
        return f.build();
    }

    /** {@code tenant-vm@}: which backend runs the machine, from which image. */
    static UnitFile vm(TenantSpec spec, UnitLine.Comment header) throws UnitRenderException {
        UnitFile.Builder f = UnitFile.builder(TenantUnitNames.dropIn(TenantUnitNames.vm(spec.id())))
                .line(header)
                .section("Service");
        if (spec.backend() != null) {
            f.set("Environment", SpecFields.value(spec, "backend", () -> UnitValues.environment("BBH_BACKEND", spec.backend())));
        }
        TenantSpec.Image image = spec.image();
        if (image != null) {
            if (image.type() != null) {
                f.set("Environment", SpecFields.value(spec, "image.type",
                        () -> UnitValues.environment("BBH_IMAGE_TYPE", image.type())));
            }
            if (image.name() != null) {
                f.set("Environment", SpecFields.value(spec, "image.name",
                        () -> UnitValues.environment("BBH_IMAGE_NAME", image.name())));
            }
        }
        return f.build();
    }
}
