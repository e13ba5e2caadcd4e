/**
 * The git-ops source: the tenant repository bbh follows, and what each synchronisation found.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package bbh.api.source;
