/**
 * A client of systemd's manager (org.freedesktop.systemd1) for the stages: reload, start, stop and
 * restart units with their jobs followed to the end, and read unit properties; since 1.1, which
 * machines systemd-machined knows ({@link bbh.api.systemd.Machined}) and systemd-networkd
 * ({@link bbh.api.systemd.Networkd}): reload, links and their states.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package bbh.api.systemd;
