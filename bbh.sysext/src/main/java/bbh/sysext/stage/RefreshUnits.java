package bbh.sysext.stage;

import bbh.api.stage.HostLayout;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;

/**
 * The units this bundle starts to refresh merged extensions (resources {@code /units/}): fixed
 * files with no value from a tenant in them, installed into the host's template folder. A file
 * already holding the same bytes is left alone; a changed one is replaced atomically.
 */
final class RefreshUnits {
    private RefreshUnits() {}

    /** Refreshes inside tenant machine {@code %I}. */
    static final String MACHINE_TEMPLATE = "bbh-sysext-refresh@.service";
    /** Records what is merged inside tenant machine {@code %I}, without a refresh. */
    static final String MACHINE_STATUS_TEMPLATE = "bbh-sysext-status@.service";
    /** Refreshes the host's sysext images and records their status. */
    static final String HOST_SYSEXT = "bbh-sysext-refresh.service";
    /** Refreshes the host's confext images and records their status (systemd 254 and later). */
    static final String HOST_CONFEXT = "bbh-confext-refresh.service";

    private static final List<String> ALL = List.of(MACHINE_TEMPLATE, MACHINE_STATUS_TEMPLATE, HOST_SYSEXT, HOST_CONFEXT);

    /** Where the host units record systemd-sysext's status, relative to the root. */
    static final String STATUS_FOLDER = "var/lib/bbh-sysext";

    /** Where the machine units record what is merged inside machine {@code id}, relative to the root. */
    static String machineStatusFolder(String id) {
        return STATUS_FOLDER + "/machines/" + id;
    }

    /** Installs the units under {@code host}'s root; true when any file changed (reload systemd). */
    static boolean install(HostLayout host) throws IOException {
        boolean changed = false;
        for (String name : ALL) {
            byte[] content;
            try (InputStream in = RefreshUnits.class.getResourceAsStream("/units/" + name)) {
                if (in == null) {
                    throw new IOException("bbh.sysext lacks its resource /units/" + name);
                }
                content = in.readAllBytes();
            }
            Path target = host.templateUnits().resolve(name);
            if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), content)) {
                continue;
            }
            Files.createDirectories(target.getParent());
            Path tmp = target.resolveSibling("." + name + ".bbh-new");
            Files.write(tmp, content);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            changed = true;
        }
        return changed;
    }

    /** The major number of a systemd version such as {@code 252.39-1~deb12u1}; 0 when unreadable. */
    static int major(String version) {
        int i = 0;
        while (i < version.length() && Character.isDigit(version.charAt(i))) {
            i++;
        }
        return i == 0 ? 0 : Integer.parseInt(version.substring(0, Math.min(i, 6)));
    }
}
