package bbh.tenant.units;

import bbh.api.tenant.TenantNames;
import bbh.tenant.unit.InstanceNames;

/**
 * The names of a tenant's units. The instance is the systemd-escaped id, since {@code -} means
 * something in unit names (a level of the slice tree; {@code /} in {@code %I}): tenant
 * {@code umbrella-research-lab} runs as {@code tenant@umbrella\x2dresearch\x2dlab.service} in
 * {@code tenant-umbrella\x2dresearch\x2dlab.slice}, and its templates see {@code %I} =
 * {@code umbrella-research-lab}.
 */
public final class TenantUnitNames {
    private TenantUnitNames() {}

    /** Where the templates are installed, relative to the host's root. */
    public static final String TEMPLATE_FOLDER = "/usr/lib/systemd/system";

    /** The name of bbh's drop-in in each of a tenant's {@code .d} folders. */
    public static final String DROP_IN = "50-bbh.conf";

    /** The template of the tenant as a whole. */
    public static final String TENANT_TEMPLATE = "tenant@.service";
    /** The template that prepares the tenant's state and storage. */
    public static final String INFRA_TEMPLATE = "tenant-infra@.service";
    /** The template that waits for the tenant's links. */
    public static final String NETWORK_TEMPLATE = "tenant-network@.service";
    /** The template of the tenant's machine. */
    public static final String VM_TEMPLATE = "tenant-vm@.service";
    /** The slice every tenant's slice is under. */
    public static final String ALL_TENANTS_SLICE = "tenant.slice";

    /** The instance string: the systemd-escaped id. */
    public static String instance(String tenantId) {
        if (!TenantNames.isValidId(tenantId)) {
            throw new IllegalArgumentException("not a valid tenant id: '" + tenantId + "'");
        }
        return InstanceNames.escape(tenantId);
    }

    /** {@code tenant@<instance>.service}. */
    public static String tenant(String tenantId) {
        return of(TENANT_TEMPLATE, tenantId);
    }

    /** {@code tenant-infra@<instance>.service}. */
    public static String infra(String tenantId) {
        return of(INFRA_TEMPLATE, tenantId);
    }

    /** {@code tenant-network@<instance>.service}. */
    public static String network(String tenantId) {
        return of(NETWORK_TEMPLATE, tenantId);
    }

    /** {@code tenant-vm@<instance>.service}. */
    public static String vm(String tenantId) {
        return of(VM_TEMPLATE, tenantId);
    }

    /** {@code tenant-<instance>.slice}, under {@link #ALL_TENANTS_SLICE}. */
    public static String slice(String tenantId) {
        return "tenant-" + instance(tenantId) + ".slice";
    }

    /** The path of bbh's drop-in for {@code unit}: {@code <unit>.d/50-bbh.conf}. */
    public static String dropIn(String unit) {
        return unit + ".d/" + DROP_IN;
    }

    /** The instance of {@code template} (e.g. {@code tenant-vm@.service}) for the tenant. */
    public static String of(String template, String tenantId) {
        int at = template.indexOf("@.");
        if (at < 0) {
            throw new IllegalArgumentException("not a template name: '" + template + "'");
        }
        return template.substring(0, at + 1) + instance(tenantId) + template.substring(at + 1);
    }
}
