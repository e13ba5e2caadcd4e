package bbh.network;

import bbh.api.stage.HostLayout;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Map;

/**
 * The network stage's fixed files, the same on every host and for every tenant, so shipped as they
 * are in this bundle: the nftables rule set that keeps tenant bridges apart, the unit loading it, and
 * the template unit that deletes a link. A file already holding the same bytes is left alone; a
 * changed one is replaced atomically.
 */
final class HostFiles {
    private HostFiles() {}

    /** The unit that loads the isolation rule set. */
    static final String ISOLATION_UNIT = "bbh-tenant-isolation.service";
    /** The template that deletes link {@code %I}. */
    static final String LINK_DELETE_TEMPLATE = "bbh-link-delete@.service";
    /** The rule set, below the root. */
    static final String RULE_SET = "usr/lib/bbh/network/tenant-isolation.nft";

    /** Installs the files under {@code host}'s root; true when any changed. */
    static boolean install(HostLayout host) throws IOException {
        boolean changed = false;
        for (Map.Entry<String, Path> f : Map.of(
                "tenant-isolation.nft", host.root().resolve(RULE_SET),
                ISOLATION_UNIT, host.templateUnits().resolve(ISOLATION_UNIT),
                LINK_DELETE_TEMPLATE, host.templateUnits().resolve(LINK_DELETE_TEMPLATE)).entrySet()) {
            changed |= place(f.getValue(), resource(f.getKey()));
        }
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

    private static boolean place(Path target, byte[] content) throws IOException {
        if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), content)) {
            return false;
        }
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling("." + target.getFileName() + ".bbh-new");
        Files.write(tmp, content);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return true;
    }
}
