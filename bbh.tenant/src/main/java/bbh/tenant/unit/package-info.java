/**
 * A typed model of systemd's INI dialect (units, drop-ins, and the same syntax in .netdev,
 * .network, .link and .nspawn files): parse, build and write, every value through one escaper per
 * kind ({@link bbh.tenant.unit.UnitValues}). Exported so that stage and backend bundles render their
 * files through the same model instead of concatenating strings.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package bbh.tenant.unit;
