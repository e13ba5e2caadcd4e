package bbh.tenant.units;

import bbh.api.stage.HostLayout;
import bbh.tenant.unit.RenderedTree;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;

/**
 * Puts what the units stage needs once per host in place: the template units in
 * {@code <root>/usr/lib/systemd/system/} and the generators in
 * {@code <root>/usr/lib/systemd/system-generators/}. A file already holding the same bytes is left
 * alone, so a restart touches nothing; a changed one is replaced atomically (write beside, rename).
 */
final class HostInstallation {
    private HostInstallation() {}

    /** The generators this bundle carries (built from src/main/c), by installed name. */
    static final List<String> GENERATORS = List.of("tenant-generator", "mount-generator", "machine-generator");

    /** Installs templates and generators under {@code host}'s root; returns how many files changed. */
    static int install(HostLayout host) throws IOException {
        int changed = 0;
        for (RenderedTree.Entry e : Templates.all().entries().values()) {
            changed += place(host.templateUnits().resolve(e.path()), e.content(), false) ? 1 : 0;
        }
        for (String name : GENERATORS) {
            byte[] binary = generator(name);
            changed += place(host.generators().resolve(name), binary, true) ? 1 : 0;
        }
        return changed;
    }

    private static byte[] generator(String name) throws IOException {
        try (InputStream in = HostInstallation.class.getResourceAsStream("/generators/" + name)) {
            if (in == null) {
                throw new IOException("this bundle lacks /generators/" + name + " (built from src/main/c)");
            }
            return in.readAllBytes();
        }
    }

    private static boolean place(Path target, byte[] content, boolean executable) throws IOException {
        if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), content)
                && (!executable || Files.isExecutable(target))) {
            return false;
        }
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling("." + target.getFileName() + ".bbh-new");
        Files.write(tmp, content);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return true;
    }
}
