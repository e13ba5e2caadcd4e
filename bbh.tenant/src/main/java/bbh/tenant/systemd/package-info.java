/**
 * The D-Bus client of systemd's manager (org.freedesktop.systemd1) behind
 * {@link bbh.api.systemd.SystemdManager}: {@link bbh.tenant.systemd.SystemdConnection} talks to one
 * bus with dbus-java, {@link bbh.tenant.systemd.SystemdBus} is the component that registers it while
 * systemd is reachable (PID {@code bbh.systemd}); {@link bbh.tenant.systemd.NetworkdConnection} and
 * {@link bbh.tenant.systemd.NetworkdBus} do the same for systemd-networkd ({@link bbh.api.systemd.Networkd}).
 *
 * <p>dbus-java is embedded in this bundle and stays private to it, like this package: no dbus-java
 * type appears in a signature another bundle sees.
 */
package bbh.tenant.systemd;
