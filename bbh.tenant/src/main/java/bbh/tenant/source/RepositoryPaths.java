package bbh.tenant.source;

import java.io.IOException;

/** Paths inside a repository as {@link bbh.api.source.RepositoryFiles} takes them. */
final class RepositoryPaths {
    private RepositoryPaths() {}

    /**
     * {@code path} without leading, trailing or doubled slashes; empty for the top.
     *
     * @throws IOException when a part is {@code .} or {@code ..}, or holds a backslash or NUL: the
     *     walk must stay inside the repository
     */
    static String normalize(String path) throws IOException {
        if (path == null) {
            throw new IOException("a path inside the repository was expected, got none");
        }
        StringBuilder b = new StringBuilder();
        for (String part : path.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            if (part.equals(".") || part.equals("..") || part.indexOf('\\') >= 0 || part.indexOf('\0') >= 0) {
                throw new IOException("'" + path + "': a path inside the repository was expected");
            }
            if (b.length() > 0) {
                b.append('/');
            }
            b.append(part);
        }
        return b.toString();
    }
}
