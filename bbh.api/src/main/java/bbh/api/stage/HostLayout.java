package bbh.api.stage;

import java.nio.file.Path;

/**
 * Where a host's files are, under a root prefix: {@code /} on a real host, any folder when a whole
 * host is rendered into it.
 *
 * @param root the root prefix
 * @param bbhState bbh's own state (clone of the repository, last validated snapshot)
 */
public record HostLayout(Path root, Path bbhState) {

    /** The layout of a host under {@code root}, with bbh's state in {@code root/var/lib/bbh}. */
    public static HostLayout under(Path root) {
        return new HostLayout(root, root.resolve("var/lib/bbh"));
    }

    /**
     * The layout configured by an operator: {@code root} blank means {@code /}, {@code state} blank
     * means {@code <root>/var/lib/bbh}; both made absolute.
     */
    public static HostLayout configured(String root, String state) {
        Path r = Path.of(root == null || root.isBlank() ? "/" : root).toAbsolutePath().normalize();
        return state == null || state.isBlank()
                ? under(r)
                : new HostLayout(r, Path.of(state).toAbsolutePath().normalize());
    }

    /** Template units: {@code /usr/lib/systemd/system}. */
    public Path templateUnits() {
        return root.resolve("usr/lib/systemd/system");
    }

    /** Runtime units and drop-ins: {@code /run/systemd/system}. */
    public Path runtimeUnits() {
        return root.resolve("run/systemd/system");
    }

    /** Operator overrides: {@code /etc/systemd/system}. bbh never writes there. */
    public Path operatorUnits() {
        return root.resolve("etc/systemd/system");
    }

    /** System generators: {@code /usr/lib/systemd/system-generators}. */
    public Path generators() {
        return root.resolve("usr/lib/systemd/system-generators");
    }

    /** A tenant's state: {@code /var/lib/tenants/<id>}. */
    public Path tenantState(String tenantId) {
        return root.resolve("var/lib/tenants").resolve(tenantId);
    }

    /**
     * The system extension images of a tenant's machine: {@code /var/lib/tenants/<id>/extensions/sysext}.
     * The overlay stage owns its content; a machine backend makes it the machine's
     * {@code /var/lib/extensions}, read-only, when the folder exists, so the machine's own
     * systemd-sysext merges them. The folder itself stays in place across updates (images inside are
     * switched), so a running machine's view of it follows.
     */
    public Path tenantSysext(String tenantId) {
        return tenantState(tenantId).resolve("extensions/sysext");
    }

    /**
     * The configuration extension images of a tenant's machine:
     * {@code /var/lib/tenants/<id>/extensions/confext}, made the machine's {@code /var/lib/confexts}
     * as {@link #tenantSysext} is made its {@code /var/lib/extensions}.
     */
    public Path tenantConfext(String tenantId) {
        return tenantState(tenantId).resolve("extensions/confext");
    }
}
