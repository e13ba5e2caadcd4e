/**
 * Per-tenant snapshots switched in with one rename under an fcntl lock, read by bbh's generators
 * (docs/generators.md). Exported so that stage bundles (the machine stage's
 * {@code <state>/machines}, the extensions stage's {@code <state>/mounts}) write theirs with the
 * same code and the same crash rules.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package bbh.tenant.snapshot;
