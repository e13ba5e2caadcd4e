package bbh.tenant.validate;

import bbh.api.tenant.TenantUnitFile;
import bbh.tenant.source.TenantFolder;
import bbh.tenant.source.UnsafeFileException;
import bbh.tenant.unit.InstallLinks;
import bbh.tenant.unit.UnitFile;
import bbh.tenant.unit.UnitFileParser;
import bbh.tenant.unit.UnitNames;
import bbh.tenant.unit.UnitSyntaxException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The checks of a tenant's own unit files, {@code tenants/<id>/systemd/}, which go into the tenant's
 * machine (docs/tenant-format.md, "systemd/"): the folder holds unit files of accepted types and
 * drop-in folders {@code <unit>.d/} of {@code .conf} files, at most {@value #MAX_FILES} files of at
 * most {@value #MAX_BYTES} bytes each; each file is UTF-8 without control characters but line feeds
 * and tabs, parses as systemd's INI dialect, and names only plain unit names in its
 * {@code [Install]} section's {@code WantedBy=} and {@code RequiredBy=} (bbh makes those links). What
 * a unit means is its machine's business: settings are not checked. Stateless and thread-safe.
 */
final class UnitFilesCheck {
    private UnitFilesCheck() {}

    /** The folder, relative to the tenant's folder. */
    static final String FOLDER = "systemd";
    /** The largest unit file or drop-in accepted: 64 KiB. */
    static final long MAX_BYTES = 64 * 1024;
    /** The most files (unit files and drop-ins together) accepted. */
    static final int MAX_FILES = 64;

    /** The unit types a tenant may ship, as the messages list them. */
    static final List<String> ACCEPTED = List.of("service", "socket", "timer", "target", "path");

    /** Why each other type is refused: what it acts on is the host's to control. */
    private static final Map<String, String> REFUSED = Map.of(
            "mount", "the machine's file systems are the host's to mount (its image, extensions and binds)",
            "automount", "the machine's file systems are the host's to mount (its image, extensions and binds)",
            "swap", "swap is the host's to set up",
            "slice", "the machine's resources are the host's to limit, with the tenant's slice on the host",
            "device", "the machine's devices are the host's to grant",
            "scope", "systemd makes scopes at run time; no file declares one");

    private static final String ACCEPTED_TEXT = "a .service, .socket, .timer, .target or .path unit";
    private static final String NAME_RULE = "expected a unit name: letters, digits and \":-_.\\\", an optional \"@\" and"
            + " instance, then a type, at most " + UnitNames.MAX_LENGTH + " characters, not starting with \".\"; e.g. hello.service";
    private static final Pattern DROP_IN = Pattern.compile("[A-Za-z0-9:_@\\\\-][A-Za-z0-9:_.@\\\\-]{0,250}\\.conf");

    /**
     * Checks every file of the tenant's {@code systemd/} folder, recording problems on each file's
     * own path.
     *
     * @return the unit files that passed, sorted by name; empty when the folder is absent
     * @throws IOException when the repository cannot be read
     */
    static List<TenantUnitFile> check(TenantFolder folder, FileProblems problems) throws IOException {
        String top = folder.path() + "/" + FOLDER;
        List<String> names = names(folder, top, problems);
        if (names.size() > MAX_FILES) {
            problems.otherFile(top, "holds " + names.size() + " unit files and drop-ins; at most " + MAX_FILES + " expected");
            return List.of();
        }
        List<TenantUnitFile> units = new ArrayList<>(names.size());
        for (String name : names) {
            String text = text(folder, name, top + "/" + name, problems);
            if (text != null) {
                units.add(new TenantUnitFile(name, text));
            }
        }
        return units;
    }

    /** The names of the files to read, relative to {@code systemd/}, sorted; problems for the rest. */
    private static List<String> names(TenantFolder folder, String top, FileProblems problems) throws IOException {
        List<String> names = new ArrayList<>();
        for (String entry : list(folder, FOLDER, problems)) {
            if (!entry.endsWith("/")) {
                if (accepted(entry, top + "/" + entry, problems)) {
                    names.add(entry);
                }
                continue;
            }
            String dir = entry.substring(0, entry.length() - 1);
            String shown = top + "/" + dir;
            if (dir.endsWith(".wants") || dir.endsWith(".requires") || dir.endsWith(".upholds")) {
                problems.otherFile(shown, "expected no folder of links: bbh makes the .wants and .requires links from"
                        + " each unit's [Install] WantedBy= and RequiredBy=");
            } else if (!dir.endsWith(".d")) {
                problems.otherFile(shown, "expected a unit file or a drop-in folder <unit>.d, found a folder");
            } else if (!UnitNames.isValid(dir.substring(0, dir.length() - 2))) {
                problems.otherFile(shown, "expected a drop-in folder named after a unit, <unit>.d, e.g. hello.service.d");
            } else if (accepted(dir.substring(0, dir.length() - 2), shown, problems)) {
                for (String f : list(folder, FOLDER + "/" + dir, problems)) {
                    if (f.endsWith("/")) {
                        problems.otherFile(shown + "/" + f.substring(0, f.length() - 1),
                                "expected only drop-in files in a drop-in folder, found a folder");
                    } else if (!DROP_IN.matcher(f).matches()) {
                        problems.otherFile(shown + "/" + f, "expected a drop-in file name ending in .conf (systemd reads"
                                + " no other), of letters, digits and \":-_.@\\\", not starting with \".\"");
                    } else {
                        names.add(dir + "/" + f);
                    }
                }
            }
        }
        names.sort(null);
        return names;
    }

    /** The entries of {@code path} ({@link TenantFolder#list}); none, and a problem, when it is not a folder. */
    private static List<String> list(TenantFolder folder, String path, FileProblems problems) throws IOException {
        try {
            return folder.list(path);
        } catch (UnsafeFileException e) {
            problems.otherFile(e.path(), e.reason());
            return List.of();
        }
    }

    /** True when {@code unit} names a unit of an accepted type; else records why not on {@code shown}. */
    private static boolean accepted(String unit, String shown, FileProblems problems) {
        String type = UnitNames.type(unit).orElse(null);
        if (type == null) {
            problems.otherFile(shown, NAME_RULE);
            return false;
        }
        String why = REFUSED.get(type);
        if (why != null) {
            problems.otherFile(shown, "." + type + " units are not accepted: " + why + "; expected " + ACCEPTED_TEXT);
            return false;
        }
        return true;
    }

    /** The text of {@code systemd/<name>} when it passes every check of its own, else null. */
    private static String text(TenantFolder folder, String name, String path, FileProblems problems) throws IOException {
        byte[] bytes;
        try {
            bytes = folder.read(FOLDER + "/" + name, MAX_BYTES);
        } catch (UnsafeFileException e) {
            problems.otherFile(e.path(), e.reason());
            return null;
        }
        String text = Utf8Text.decode(bytes, (at, expected) -> problems.otherFile(path, at, expected));
        if (text == null || !withoutControlCharacters(text, path, problems)) {
            return null;
        }
        boolean unitFile = name.indexOf('/') < 0;
        if (unitFile && text.isEmpty()) {
            // systemd reads an empty unit file as a mask; bbh's header would turn it into a unit without settings.
            problems.otherFile(path, "file is empty, which would mask the unit; expected a unit's sections and"
                    + " settings (bbh does not deliver masks)");
            return null;
        }
        UnitFile unit;
        try {
            unit = UnitFileParser.parse(path, text);
        } catch (UnitSyntaxException e) {
            // The parser knows the line only: the column is the line's start.
            problems.otherFile(path, new Position(e.line(), 1), e.problem());
            return null;
        }
        // Links are made for unit files only, and not for templates (InstallLinks): only theirs matter.
        boolean linked = unitFile && !UnitNames.isTemplate(name);
        return !linked || installNamesUnits(unit, text, path, problems) ? text : null;
    }

    /**
     * systemd ends a line at a carriage return and at a NUL, and no unit file needs another control
     * character: only line feeds and tabs are accepted, so the lines bbh checks are the lines systemd
     * reads.
     */
    private static boolean withoutControlCharacters(String text, String path, FileProblems problems) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                lineStart = i + 1;
            } else if (c != '\t' && ControlCharacterCheck.forbidden(c)) {
                problems.otherFile(path, new Position(line, i - lineStart + 1), "control character " + Quoted.codeUnit(c)
                        + (c == '\r' ? " (a carriage return: save the file with LF line ends)" : "")
                        + "; expected text without control characters but line feeds and tabs");
                return false;
            }
        }
        return true;
    }

    /** True when every name in WantedBy= and RequiredBy= can become a link; else records each that cannot. */
    private static boolean installNamesUnits(UnitFile unit, String text, String path, FileProblems problems) {
        boolean fine = true;
        for (String key : InstallLinks.KEYS) {
            for (String word : InstallLinks.words(unit, key)) {
                if (!InstallLinks.acceptable(word)) {
                    problems.otherFile(path, InstallPlaces.of(text, key, word), "[Install] " + key + "= names "
                            + Quoted.of(word) + "; expected unit names without specifiers, not templates, e.g."
                            + " multi-user.target (bbh makes a link in <name>." + (key.equals("WantedBy") ? "wants" : "requires")
                            + "/ from each)");
                    fine = false;
                }
            }
        }
        return fine;
    }
}
