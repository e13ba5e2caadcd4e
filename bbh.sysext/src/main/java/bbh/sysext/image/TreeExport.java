package bbh.sysext.image;

import bbh.api.source.FileEntry;
import bbh.api.source.RepositoryFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes an extension's tree from the repository into a scratch folder for mksquashfs, with the
 * modes the repository gives (not the umask's) and symlinks as written. Only what
 * {@link bbh.sysext.tree.TreeCheck} let through is expected; anything else is refused here again.
 */
final class TreeExport {
    private TreeExport() {}

    /** Writes {@code files}' tree {@code tree} into the empty folder {@code into}. */
    static void export(RepositoryFiles files, String tree, Path into) throws IOException {
        List<FileEntry> entries = files.walk(tree);
        String prefix = tree + "/";
        List<Path> folders = new ArrayList<>();
        List<Integer> folderModes = new ArrayList<>();
        for (FileEntry e : entries) {
            Path p = into.resolve(e.path().substring(prefix.length()));
            switch (e.kind()) {
                case FOLDER -> {
                    Files.createDirectory(p);
                    folders.add(p);
                    folderModes.add(e.mode());
                }
                case FILE -> {
                    try (InputStream in = files.open(e.path())) {
                        Files.copy(in, p);
                    }
                    Files.setAttribute(p, "unix:mode", e.mode() & 0777, LinkOption.NOFOLLOW_LINKS);
                }
                case SYMLINK -> Files.createSymbolicLink(p, Path.of(e.linkTarget()));
                default -> throw new IOException(e.path() + ": a " + e.kind() + " cannot go into an image");
            }
        }
        // Folder modes last and deepest first: a read-only folder would refuse its own files.
        for (int i = folders.size() - 1; i >= 0; i--) {
            Files.setAttribute(folders.get(i), "unix:mode", folderModes.get(i) & 0777, LinkOption.NOFOLLOW_LINKS);
        }
    }
}
