package bbh.tenant.validate;

import bbh.api.tenant.ValidationProblem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The problems found for one tenant folder, collected from every check so that a file's problems
 * are reported all at once, then sorted. Not thread-safe: one instance per folder and thread.
 */
final class FileProblems {

    /** The order of problems in a {@link TenantCheck}: file, line, column, then field and text. */
    static final Comparator<ValidationProblem> ORDER = Comparator.comparing(ValidationProblem::path)
            .thenComparingInt(ValidationProblem::line)
            .thenComparingInt(ValidationProblem::column)
            .thenComparing(ValidationProblem::field)
            .thenComparing(ValidationProblem::expected);

    private static final int MAX_PATH_SHOWN = 512;
    private static final int MAX_EXPECTED_SHOWN = 1024;

    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private final String path;
    private final String folderName;
    // Most files have no problem: what only problems need is made with the first one.
    private List<ValidationProblem> found = List.of();
    private Set<String> fieldsWithProblems = Set.of();
    private String tenantShown;

    /**
     * @param path the metadata file, relative to the repository's top
     * @param folderName the tenant folder's name (shown escaped when it is not a plain name)
     */
    FileProblems(String path, String folderName) {
        this.path = path;
        this.folderName = folderName;
    }

    /** The folder name as problems show it: itself when printable, else quoted and escaped. */
    static String shownTenant(String folderName) {
        return PLAIN_NAME.matcher(folderName).matches() ? folderName : Quoted.of(folderName);
    }

    /** A problem of the metadata file as a whole, without a place. */
    void file(String expected) {
        add(path, FieldPath.ROOT, Position.NONE, expected);
    }

    /** A problem of another file of the folder (an unsafe entry), without a place. */
    void otherFile(String otherPath, String expected) {
        add(otherPath, FieldPath.ROOT, Position.NONE, expected);
    }

    /** A problem of another file of the folder (a unit file in {@code systemd/}) at {@code at}. */
    void otherFile(String otherPath, Position at, String expected) {
        add(otherPath, FieldPath.ROOT, at, expected);
    }

    /** A problem of the metadata file at {@code at}, about {@code field} (the root for the file). */
    void at(FieldPath field, Position at, String expected) {
        add(path, field, at, expected);
    }

    private void add(String file, FieldPath field, Position at, String expected) {
        if (found.isEmpty()) {
            found = new ArrayList<>();
            fieldsWithProblems = new HashSet<>();
            tenantShown = shownTenant(folderName);
        }
        // Paths come from the repository too: a file name may hold a line break.
        found.add(new ValidationProblem(Quoted.inline(file, MAX_PATH_SHOWN), at.line(), at.column(), tenantShown,
                field.dotted(), Quoted.inline(expected, MAX_EXPECTED_SHOWN)));
        if (file.equals(path)) {
            fieldsWithProblems.add(field.pointer()); // fields are metadata.json's; other files have none
        }
    }

    /** True when a problem about exactly this field was recorded: later checks of it are moot. */
    boolean has(FieldPath field) {
        return fieldsWithProblems.contains(field.pointer());
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    /** The problems so far, sorted by {@link #ORDER}. */
    List<ValidationProblem> sorted() {
        List<ValidationProblem> s = new ArrayList<>(found);
        s.sort(ORDER);
        return s;
    }
}
