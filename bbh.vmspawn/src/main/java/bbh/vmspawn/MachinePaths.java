package bbh.vmspawn;

import bbh.api.stage.HostLayout;

/**
 * Where a VM's parts are on the host, as {@code tenant-vm@} sees them: absolute paths from the host's
 * {@code /}, whatever root prefix bbh writes files under (HostLayout's root is where bbh writes; the
 * unit runs on the host itself).
 *
 * <pre>
 * /var/lib/tenants/&lt;id&gt;/images/&lt;name&gt;           the root image: a directory, a raw image or a DDI
 * /var/lib/tenants/&lt;id&gt;/drives/&lt;file&gt;           extra drives
 * /var/lib/tenants/&lt;id&gt;/&lt;source&gt;                binds
 * /var/lib/tenants/&lt;id&gt;/extensions/sysext|confext  the overlay stage's extension images
 * /etc/bbh/credentials/&lt;id&gt;/&lt;file&gt;              credentials, put there by the operator
 * </pre>
 */
final class MachinePaths {
    private MachinePaths() {}

    /** The host as its own units see it. */
    static final HostLayout HOST = HostLayout.under(java.nio.file.Path.of("/"));
    /** The operator's credential files, one folder per tenant. */
    static final String CREDENTIALS = "/etc/bbh/credentials";

    static String state(String id) {
        return HOST.tenantState(id).toString();
    }

    static String image(String id, String name) {
        return state(id) + "/images/" + name;
    }

    static String drive(String id, String file) {
        return state(id) + "/drives/" + file;
    }

    static String bindSource(String id, String relative) {
        return state(id) + "/" + relative;
    }

    static String sysext(String id) {
        return HOST.tenantSysext(id).toString();
    }

    static String confext(String id) {
        return HOST.tenantConfext(id).toString();
    }

    static String credential(String id, String file) {
        return CREDENTIALS + "/" + id + "/" + file;
    }
}
