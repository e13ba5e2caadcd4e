package bbh.tenant.source;

/**
 * Whether a symlink stays inside the repository, decided on the link's text alone (the same rule
 * {@link DirectoryTenantFolder} applies with {@code Path.normalize}): absolute targets leave, and a
 * relative target leaves when its {@code ..} steps climb above the repository's top once resolved
 * against the folder holding the link. Symlinks the target passes through are not followed: bbh
 * never follows a symlink when reading, so only where a link points on its own face matters.
 */
final class SymlinkTargets {
    private SymlinkTargets() {}

    /**
     * @param linkPath the link's path relative to the repository's top, with {@code /} separators
     * @param target the link's target as stored (git: the blob's content)
     * @return true when the target is absolute or climbs out of the repository
     */
    static boolean leavesRepository(String linkPath, String target) {
        if (target.startsWith("/")) {
            return true;
        }
        // Depth of the folder holding the link: "tenants/a/link" sits 2 folders below the top.
        int depth = 0;
        for (int i = 0; i < linkPath.length(); i++) {
            if (linkPath.charAt(i) == '/') {
                depth++;
            }
        }
        for (String step : target.split("/", -1)) {
            if (step.equals("..")) {
                if (depth == 0) {
                    return true;
                }
                depth--;
            } else if (!step.isEmpty() && !step.equals(".")) {
                depth++;
            }
        }
        return false;
    }
}
