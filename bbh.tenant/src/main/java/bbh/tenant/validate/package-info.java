/**
 * Validation of tenant metadata: each changed {@code tenants/<id>/metadata.json} against the
 * published JSON Schema ({@code schema/tenant-metadata-v<N>.schema.json} on the classpath) and the
 * rules a schema cannot express, then the changed tenants against each other and against the
 * tenants in force. Entry point: {@link bbh.tenant.validate.TenantValidation}.
 *
 * <p>Plain Java without OSGi annotations: a DS component elsewhere in this bundle wraps it. The
 * package is private to the bundle.
 */
package bbh.tenant.validate;
