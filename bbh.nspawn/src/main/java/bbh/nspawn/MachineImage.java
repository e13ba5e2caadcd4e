package bbh.nspawn;

import bbh.api.stage.HostLayout;
import bbh.api.tenant.TenantSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a tenant's root image is, as systemd-nspawn is told it:
 * <ul>
 *   <li>no {@code image} in the metadata: nothing; nspawn looks for the image named after the
 *       machine itself ({@code /var/lib/machines/<id>}, {@code <id>.raw}, ...), the tenant's own;</li>
 *   <li>{@code image.name} found in the tenant's state, {@code /var/lib/tenants/<id>/<name>}
 *       (a folder for {@code directory}, a file for {@code raw} and {@code ddi}): that one, the
 *       tenant's own, writable;</li>
 *   <li>otherwise {@code /var/lib/machines/<name>}: the operator's image, shared by every tenant
 *       that names it, so it is never written: {@code Volatile=overlay} by default.</li>
 * </ul>
 * This look at the host is the one input of a plan beyond the tenant's spec: an image that appears
 * in the tenant's state changes the plan, and the next commit restarts the machine on it. An image
 * that is in neither place is left to nspawn to refuse, so the tenant fails with nspawn's own words.
 *
 * @param argument the nspawn argument naming it ({@code --directory=...} or {@code --image=...}), or
 *     none
 * @param shared true for an image under {@code /var/lib/machines} named in the metadata
 */
record MachineImage(List<String> argument, boolean shared) {

    static MachineImage of(TenantSpec spec, HostLayout host) {
        TenantSpec.Image image = spec.image();
        if (image == null) {
            return new MachineImage(List.of(), false);
        }
        boolean directory = image.type() == null || image.type().equals("directory");
        String own = "/var/lib/tenants/" + spec.id() + "/" + image.name();
        Path ownOnHost = host.root().resolve(own.substring(1));
        boolean ownExists = directory ? Files.isDirectory(ownOnHost) : Files.isRegularFile(ownOnHost);
        String path = ownExists ? own : "/var/lib/machines/" + image.name();
        return new MachineImage(List.of((directory ? "--directory=" : "--image=") + path), !ownExists);
    }
}
