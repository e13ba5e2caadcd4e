/**
 * The tenant model: immutable records read from {@code tenants/<id>/metadata.json} (and, since
 * 1.1, the tenant's own unit files from {@code tenants/<id>/systemd/}; since 1.2, IO bandwidth
 * limits; since 1.4, the whole network: gateways, IPv6, DHCP, search domains, MTU, uplink,
 * VXLAN, WireGuard and shaping), the problems validation reports (since 1.5 also operator-wide
 * ones, from a {@link bbh.api.tenant.RepositoryRule}), and the naming rules every bundle derives host names
 * from.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.5.0")
package bbh.api.tenant;
