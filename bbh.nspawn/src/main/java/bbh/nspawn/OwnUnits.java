package bbh.nspawn;

import bbh.api.stage.HostLayout;
import bbh.api.tenant.TenantUnitFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A tenant's own units ({@code tenants/<id>/systemd/}), which the units stage writes to
 * {@code <state>/machine-units/tenants/<id>/current} (bbh.tenant's MachineUnitsFolder; the path is
 * repeated here, and a test keeps the two equal, rather than exporting that package).
 *
 * <p>The container binds that folder when it starts: a bind holds the generation folder
 * {@code current} named then, which the next switch deletes. So the plan carries a digest of the
 * units: new units change the plan, and the stage restarts the machine onto the new folder.
 */
final class OwnUnits {
    private OwnUnits() {}

    static Path folder(HostLayout host, String tenantId) {
        return host.bbhState().resolve("machine-units").resolve("tenants").resolve(tenantId).resolve("current");
    }

    /** SHA-256 over every unit file's name and content, in the spec's (sorted) order. */
    static String digest(List<TenantUnitFile> units) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (TenantUnitFile u : units) {
                d.update(u.name().getBytes(StandardCharsets.UTF_8));
                d.update((byte) 0);
                d.update(u.text().getBytes(StandardCharsets.UTF_8));
                d.update((byte) 0);
            }
            return HexFormat.of().formatHex(d.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
