package bbh.api.tenant;

import java.util.Objects;

/**
 * One unit file a tenant ships for its own machine's systemd, from
 * {@code tenants/<id>/systemd/<name>} in the repository, after validation: a unit of an allowed
 * type, or a drop-in of one. It is delivered into the tenant's machine, never into the host's unit
 * path (docs/units.md, "A tenant's own units"); rules: docs/tenant-format.md, "systemd/".
 *
 * @param name the path below {@code tenants/<id>/systemd/}, with {@code /} separators: a unit file
 *     such as {@code hello.service}, or a drop-in such as {@code hello.service.d/10-limits.conf}
 * @param text the file's content as validated: UTF-8 decoded, without a byte order mark, with no
 *     control characters but line feeds and tabs
 */
public record TenantUnitFile(String name, String text) {

    public TenantUnitFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(text, "text");
    }
}
