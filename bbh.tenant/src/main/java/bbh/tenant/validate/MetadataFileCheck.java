package bbh.tenant.validate;

import bbh.api.tenant.TenantNames;
import bbh.api.tenant.TenantUnitFile;
import bbh.tenant.source.TenantFolder;
import bbh.tenant.source.UnsafeFileException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * All checks of one tenant folder on its own, in order: unsafe entries, the folder's name, the
 * file's size and existence, UTF-8, JSON syntax and shape, a supported schema version, control
 * characters, the schema of that version, then {@link FieldRules}; then the tenant's own unit files
 * ({@link UnitFilesCheck}). It carries on after a problem wherever what follows can still be checked, so
 * a folder's problems are reported together. Thread-safe: folders are checked in parallel.
 */
final class MetadataFileCheck {

    /** The file every tenant folder holds. */
    static final String FILE = "metadata.json";

    /** The largest metadata.json accepted: 1 MiB. */
    static final long MAX_BYTES = 1 << 20;

    private final LocatedTreeReader reader = new LocatedTreeReader();
    private final SchemaCheck schema = new SchemaCheck();

    FolderResult check(TenantFolder folder) {
        String name = folder.name();
        String path = folder.path() + "/" + FILE;
        FileProblems problems = new FileProblems(path, name);
        LocatedTree tree = null;
        List<TenantUnitFile> units = List.of();
        try {
            for (UnsafeFileException e : folder.unsafeEntries()) {
                problems.otherFile(e.path(), e.reason());
            }
            if (!TenantNames.isValidId(name)) {
                problems.file("folder name " + Quoted.of(name) + " is not a valid tenant id; expected " + FieldRules.TENANT_ID_RULE);
            }
            tree = parse(folder, problems);
            units = UnitFilesCheck.check(folder, problems);
        } catch (IOException | UncheckedIOException e) {
            problems.file("the tenant folder cannot be read: " + Quoted.inline(String.valueOf(e.getMessage()), 200));
        }
        if (tree != null && schema.versionSupported(tree, problems)) {
            // Control characters first: the schema then leaves those strings' patterns unreported.
            ControlCharacterCheck.check(tree, problems);
            schema.check(tree, problems);
            FieldRules.check(name, tree, problems);
        }
        return new FolderResult(name, path, problems, tree, problems.isEmpty() ? SpecMapping.toSpec(tree.root(), path, units) : null);
    }

    private LocatedTree parse(TenantFolder folder, FileProblems problems) throws IOException {
        byte[] bytes;
        try {
            bytes = folder.read(FILE, MAX_BYTES);
        } catch (UnsafeFileException e) {
            problems.file(e.reason());
            return null;
        }
        String text = Utf8Text.decode(bytes, problems);
        return text == null ? null : reader.read(text, problems);
    }
}
