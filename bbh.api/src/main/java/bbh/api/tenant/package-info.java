/**
 * The tenant model: immutable records read from {@code tenants/<id>/metadata.json} (and, since
 * 1.1, the tenant's own unit files from {@code tenants/<id>/systemd/}; since 1.2, IO bandwidth
 * limits), the problems validation reports, and the naming rules every bundle derives host names
 * from.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package bbh.api.tenant;
