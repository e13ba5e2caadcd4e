package bbh.tenant.validate;

import bbh.api.tenant.TenantSpec;

/**
 * One changed folder after its own checks, before the cross-tenant ones: what those need to place
 * their problems in the file.
 *
 * @param name the folder's name
 * @param path the metadata file, {@code tenants/<name>/metadata.json}
 * @param problems the folder's problems so far; cross-tenant checks add to them
 * @param tree the parsed file, null when it could not be parsed
 * @param spec the tenant when its own checks passed, else null
 */
record FolderResult(String name, String path, FileProblems problems, LocatedTree tree, TenantSpec spec) {

    /** True when the folder's own checks passed and no cross-tenant check has refused it yet. */
    boolean valid() {
        return spec != null && problems.isEmpty();
    }

    /** The final verdict. */
    TenantCheck toCheck() {
        return new TenantCheck(name, path, valid() ? spec : null, problems.sorted());
    }
}
