package bbh.tenant.source;

import java.io.IOException;
import java.util.List;

/**
 * One folder {@code tenants/<name>/} of one repository snapshot, read safely: every read is
 * bounded in size and refuses what leaves the repository.
 */
public interface TenantFolder {

    /** The folder's name, which must equal the tenant's id. */
    String name();

    /** The folder's path relative to the repository's top: {@code tenants/<name>}. */
    default String path() {
        return "tenants/" + name();
    }

    /**
     * The content of {@code tenants/<name>/<file>}.
     *
     * @param file a path relative to the tenant's folder, with {@code /} separators
     * @param maxBytes the largest size accepted
     * @throws UnsafeFileException when the file is missing, not a regular file, a symlink, or larger
     *     than {@code maxBytes}
     * @throws IOException when the repository cannot be read
     */
    byte[] read(String file, long maxBytes) throws UnsafeFileException, IOException;

    /**
     * The names of the entries directly in {@code tenants/<name>/<folder>}, sorted by
     * {@link String#compareTo}: regular files, and also what {@link #read} refuses (symlinks,
     * submodules), so that a caller can say why an entry is not used rather than pass over it; a
     * subfolder's name ends in {@code /}. Nothing is read but the folder's own listing. Empty when the
     * folder does not exist.
     *
     * @param folder a path relative to the tenant's folder, with {@code /} separators
     * @throws UnsafeFileException when {@code folder} is not a folder (a file, a symlink) or leaves the
     *     tenant's folder
     * @throws IOException when the repository cannot be read
     */
    List<String> list(String folder) throws UnsafeFileException, IOException;

    /**
     * Every entry anywhere under the folder that may not be there: a symlink whose target leaves the
     * repository (absolute, or climbing above the top with {@code ..}). Empty when all is well.
     */
    List<UnsafeFileException> unsafeEntries() throws IOException;
}
