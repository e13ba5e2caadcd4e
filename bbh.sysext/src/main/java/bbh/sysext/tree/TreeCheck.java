package bbh.sysext.tree;

import bbh.api.source.FileEntry;
import bbh.api.source.RepositoryFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks of one extension's tree before anything is built from it: only the type's top folders
 * ({@code usr/}, {@code opt/} for a sysext; {@code etc/} for a confext), no device nodes, FIFOs or
 * sockets, no submodules, no setuid or setgid files, no symlink leaving the tree, and a release file
 * whose ID and ARCHITECTURE fit where the image will be merged ({@link TargetSystem}). Pure: reads
 * the repository, writes nothing.
 */
public final class TreeCheck {
    private TreeCheck() {}

    /** Larger release files are refused unread: they are a few lines. */
    static final int MAX_RELEASE_BYTES = 16 * 1024;

    /** os-release(5): VERSION_ID and the levels are lower-case letters, digits, {@code . _ -}. */
    private static final Pattern VERSION = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    /**
     * Every problem of the tree at {@code tree}, empty when there is none; a missing or empty tree
     * is one problem.
     *
     * @param tree the tree's folder relative to the repository's top, e.g.
     *     {@code tenants/acme/extensions/tools}
     * @param name the extension's name, which its release file's name must carry
     */
    public static List<TreeProblem> check(RepositoryFiles files, String tree, String name, ExtensionType type,
            TargetSystem target) {
        List<FileEntry> entries;
        try {
            entries = files.walk(tree);
        } catch (IOException e) {
            return List.of(new TreeProblem(tree, 0, "cannot be read: " + e.getMessage()));
        }
        if (entries.stream().noneMatch(e -> e.kind() == FileEntry.Kind.FILE)) {
            return List.of(new TreeProblem(tree, 0, "a folder with the extension's files was expected; there is none"));
        }
        List<TreeProblem> problems = new ArrayList<>();
        String prefix = tree + "/";
        Set<String> badTops = new HashSet<>();
        for (FileEntry e : entries) {
            String rel = e.path().substring(prefix.length());
            int slash = rel.indexOf('/');
            String top = slash < 0 ? rel : rel.substring(0, slash);
            if (!type.tops().contains(top)) {
                if (badTops.add(top)) {
                    problems.add(new TreeProblem(prefix + top, 0, "a " + type.id() + " may only hold "
                            + String.join("/ and ", type.tops()) + "/ at its top; found '" + top + "'"));
                }
                continue;
            }
            entryProblem(e, rel).ifPresent(problems::add);
        }
        problems.addAll(releaseProblems(files, entries, prefix, name, type, target));
        return problems;
    }

    private static java.util.Optional<TreeProblem> entryProblem(FileEntry e, String rel) {
        return java.util.Optional.ofNullable(switch (e.kind()) {
            case SPECIAL -> new TreeProblem(e.path(), 0,
                    "a device node, FIFO or socket cannot be in an extension; regular files, folders and symlinks were expected");
            case SUBMODULE -> new TreeProblem(e.path(), 0,
                    "a git submodule cannot be in an extension: its content is not in this repository");
            case FILE, FOLDER -> e.setId()
                    ? new TreeProblem(e.path(), 0, "mode " + String.format("%04o", e.mode())
                            + " has the setuid or setgid bit; an extension may not carry either")
                    : null;
            case SYMLINK -> symlinkProblem(e, rel);
        });
    }

    /** A symlink must stay inside the tree: relative, and never climbing above the tree's top. */
    private static TreeProblem symlinkProblem(FileEntry e, String rel) {
        String target = e.linkTarget();
        if (target.isEmpty() || target.startsWith("/")) {
            return new TreeProblem(e.path(), 0, "symlink to '" + target
                    + "' is absolute; a relative target inside the extension's tree was expected");
        }
        List<String> at = new ArrayList<>(List.of(rel.split("/")));
        at.remove(at.size() - 1);
        for (String part : target.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (at.isEmpty()) {
                    return new TreeProblem(e.path(), 0, "symlink to '" + target
                            + "' leaves the extension's tree; a target inside it was expected");
                }
                at.remove(at.size() - 1);
            } else {
                at.add(part);
            }
        }
        return null;
    }

    private static List<TreeProblem> releaseProblems(RepositoryFiles files, List<FileEntry> entries, String prefix,
            String name, ExtensionType type, TargetSystem target) {
        String path = prefix + type.releaseFile(name);
        FileEntry entry = entries.stream().filter(e -> e.path().equals(path)).findFirst().orElse(null);
        if (entry == null || entry.kind() != FileEntry.Kind.FILE) {
            return List.of(new TreeProblem(path, 0, (entry == null ? "missing" : "not a regular file")
                    + "; the release file of extension '" + name + "' was expected here (systemd-sysext refuses an image without it)"));
        }
        if (entry.size() > MAX_RELEASE_BYTES) {
            return List.of(new TreeProblem(path, 0, "is " + entry.size() + " bytes; at most " + MAX_RELEASE_BYTES + " expected"));
        }
        ReleaseFile release;
        try (InputStream in = files.open(path)) {
            release = ReleaseFile.parse(utf8(in.readNBytes(MAX_RELEASE_BYTES + 1)));
        } catch (ReleaseFile.SyntaxError e) {
            return List.of(new TreeProblem(path, e.line(), e.getMessage()));
        } catch (CharacterCodingException e) {
            return List.of(new TreeProblem(path, 0, "UTF-8 text was expected"));
        } catch (IOException e) {
            return List.of(new TreeProblem(path, 0, "cannot be read: " + e.getMessage()));
        }
        List<TreeProblem> problems = new ArrayList<>();
        String id = release.get("ID");
        if (id == null || id.isEmpty()) {
            problems.add(new TreeProblem(path, 0, "ID= is missing; _any or the OS id of where the image is merged was expected"));
        } else if (!id.equals("_any") && !target.osIds().contains(id)) {
            problems.add(new TreeProblem(path, release.line("ID"), "ID=" + id + " does not fit where the image is merged; "
                    + (target.osIds().isEmpty() ? "_any" : "_any or one of " + target.osIds()) + " was expected"));
        } else if (!id.equals("_any")) {
            String version = release.get("VERSION_ID");
            String level = release.get(type.levelKey());
            if (version == null && level == null) {
                problems.add(new TreeProblem(path, release.line("ID"), "with ID=" + id + ", VERSION_ID= or "
                        + type.levelKey() + "= was expected (systemd-sysext matches one of them)"));
            } else if (level == null && target.versionId() != null && !target.versionId().equals(version)) {
                problems.add(new TreeProblem(path, release.line("VERSION_ID"), "VERSION_ID=" + version
                        + " does not fit where the image is merged; " + target.versionId() + " was expected"));
            }
        }
        for (String key : List.of("VERSION_ID", type.levelKey(), "SYSEXT_VERSION_ID", "CONFEXT_VERSION_ID")) {
            String v = release.get(key);
            if (v != null && !VERSION.matcher(v).matches()) {
                problems.add(new TreeProblem(path, release.line(key), key + "=" + v
                        + ": lower-case letters, digits, '.', '_' and '-' were expected (os-release(5))"));
            }
        }
        String arch = release.get("ARCHITECTURE");
        if (arch != null && !arch.equals(target.architecture())) {
            problems.add(new TreeProblem(path, release.line("ARCHITECTURE"), "ARCHITECTURE=" + arch
                    + " does not fit where the image is merged; " + target.architecture() + " (or no ARCHITECTURE=) was expected"));
        }
        return problems;
    }

    private static String utf8(byte[] b) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(b))
                .toString();
    }
}
