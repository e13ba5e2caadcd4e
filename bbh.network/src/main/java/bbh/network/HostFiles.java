package bbh.network;

import bbh.api.stage.HostLayout;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The network stage's fixed files, the same on every host and for every tenant, so shipped as they
 * are in this bundle: the nftables rule set that keeps tenants apart and the unit loading it, the
 * template unit that deletes a link, and what brings the tenants' networks back at boot (the unit
 * {@value #RESTORE_UNIT} and its program, tenant-generator's C source built over the network
 * snapshots). Both boot units are enabled the way a package enables a unit, by a {@code .wants} link
 * beside them in {@code /usr/lib/systemd/system}; the isolation unit's link exists only while
 * isolation is on. A file already holding the same bytes is left alone; a changed one is replaced
 * atomically.
 */
final class HostFiles {
    private HostFiles() {}

    /** The unit that loads the isolation rule set. */
    static final String ISOLATION_UNIT = "bbh-tenant-isolation.service";
    /** The template that deletes link {@code %I}. */
    static final String LINK_DELETE_TEMPLATE = "bbh-link-delete@.service";
    /** The unit that copies the network snapshots into networkd's folder at boot, before networkd. */
    static final String RESTORE_UNIT = "bbh-network-restore.service";
    /** The rule set, below the root. */
    static final String RULE_SET = "usr/lib/bbh/network/tenant-isolation.nft";
    /** The program {@value #RESTORE_UNIT} runs, below the root. */
    static final String RESTORE_PROGRAM = "usr/lib/bbh/network/network-restore";

    /**
     * Installs the files under {@code host}'s root; true when any changed.
     *
     * @param isolation whether the isolation unit is started at boot
     */
    static boolean install(HostLayout host, boolean isolation) throws IOException {
        boolean changed = false;
        Path units = host.templateUnits();
        Map<String, Path> files = new LinkedHashMap<>();
        files.put("tenant-isolation.nft", host.root().resolve(RULE_SET));
        files.put(ISOLATION_UNIT, units.resolve(ISOLATION_UNIT));
        files.put(LINK_DELETE_TEMPLATE, units.resolve(LINK_DELETE_TEMPLATE));
        files.put(RESTORE_UNIT, units.resolve(RESTORE_UNIT));
        for (Map.Entry<String, Path> f : files.entrySet()) {
            changed |= place(f.getValue(), resource(f.getKey()), false);
        }
        changed |= place(host.root().resolve(RESTORE_PROGRAM), resource("network-restore"), true);
        changed |= wants(units, "systemd-networkd.service", RESTORE_UNIT, true);
        changed |= wants(units, "sysinit.target", ISOLATION_UNIT, isolation);
        return changed;
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = HostFiles.class.getResourceAsStream("/network/" + name)) {
            if (in == null) {
                throw new IOException("this bundle lacks /network/" + name);
            }
            return in.readAllBytes();
        }
    }

    /** Makes (or, with {@code present} false, removes) {@code <owner>.wants/<unit> -> ../<unit>}; true when it changed. */
    private static boolean wants(Path units, String owner, String unit, boolean present) throws IOException {
        Path link = units.resolve(owner + ".wants").resolve(unit);
        Path target = Path.of("..", unit);
        boolean there = Files.isSymbolicLink(link) && Files.readSymbolicLink(link).equals(target);
        if (present == there) {
            return false;
        }
        if (!present) {
            Files.delete(link);
            return true;
        }
        Files.createDirectories(link.getParent());
        Path tmp = link.resolveSibling("." + unit + ".bbh-new");
        Files.deleteIfExists(tmp);
        Files.createSymbolicLink(tmp, target);
        move(tmp, link);
        return true;
    }

    private static boolean place(Path target, byte[] content, boolean executable) throws IOException {
        if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) && Arrays.equals(Files.readAllBytes(target), content)
                && Files.isExecutable(target) == executable) {
            return false;
        }
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling("." + target.getFileName() + ".bbh-new");
        Files.write(tmp, content);
        // A jar keeps no mode bits: the program gets its x bits here.
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
        move(tmp, target);
        return true;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
