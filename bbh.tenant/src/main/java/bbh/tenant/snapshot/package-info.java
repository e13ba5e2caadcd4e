/**
 * Snapshots the generators copy into systemd's view at boot and on every reload: {@code <state>/units}
 * for tenant-generator, {@code <state>/mounts} for mount-generator (which stage bundles such as
 * bbh.sysext fill). Entry point: {@link bbh.tenant.snapshot.UnitSnapshots}; the contract:
 * docs/generators.md.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package bbh.tenant.snapshot;
