package bbh.vmspawn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A writable copy of a cached root file system for one VM to boot from: an overlay mount whose
 * lower layer is the cache (never written) and whose upper layer is a fresh folder, so each run
 * boots the same tree and leaves the cache clean. Unmounted and removed on close; removal never
 * crosses into another file system, so a mount left behind cannot take the cache with it.
 */
final class GuestRoot implements AutoCloseable {

    final Path path;
    private final Path base;

    private GuestRoot(Path base) {
        this.base = base;
        this.path = base.resolve("root");
    }

    static GuestRoot over(Path lower) throws Exception {
        // On disk, not /run: the guest writes its journal and whatever its first boot makes.
        GuestRoot g = new GuestRoot(Files.createTempDirectory(Path.of("/var/tmp"), "bbh-vmboot-"));
        for (String d : List.of("upper", "work", "root")) {
            Files.createDirectories(g.base.resolve(d));
        }
        Tool m = Tool.run(List.of("mount", "-t", "overlay", "bbh-vmboot-guest", "-o", "lowerdir=" + lower + ",upperdir="
                + g.base.resolve("upper") + ",workdir=" + g.base.resolve("work"), g.path.toString()));
        if (m.exitCode() != 0) {
            Tool.run(List.of("rm", "-rf", "--one-file-system", g.base.toString()));
            throw new IOException("overlay over " + lower + " did not mount: " + m.stderr());
        }
        return g;
    }

    @Override
    public void close() throws Exception {
        Tool u = Tool.run(List.of("umount", path.toString()));
        if (u.exitCode() != 0 && Tool.run(List.of("umount", "-l", path.toString())).exitCode() != 0) {
            throw new IOException(path + " did not unmount: " + u.stderr() + "; left " + base + " in place");
        }
        Tool.run(List.of("rm", "-rf", "--one-file-system", base.toString()));
    }
}
