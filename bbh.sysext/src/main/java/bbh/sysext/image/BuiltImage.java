package bbh.sysext.image;

import bbh.sysext.tree.ExtensionType;
import java.nio.file.Path;

/**
 * An extension image in the cache.
 *
 * @param name the extension's name
 * @param type sysext or confext
 * @param version the version from its release file
 * @param contentId the content id of the tree it was built from
 * @param sha256 the image's SHA-256, hex
 * @param file the image in the cache
 * @param built true when this call built it, false when the cache had it
 */
public record BuiltImage(String name, ExtensionType type, String version, String contentId, String sha256, Path file,
        boolean built) {

    /**
     * The versioned file name the image has beside its current name: {@code <name>_<version>_<12
     * hex of its SHA-256>.<type>}, which systemd-sysext does not take for an image (only
     * {@code .raw} files and folders are), so old and new versions can sit beside the one merged.
     */
    public String versionedName() {
        return name + "_" + version + "_" + sha256.substring(0, 12) + "." + type.id();
    }
}
