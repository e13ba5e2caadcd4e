package bbh.tenant.unit;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads systemd's INI dialect into a {@link UnitFile}, the way systemd's own parser reads it
 * (systemd.syntax(7)), but strict where systemd only warns:
 * <ul>
 *   <li>a line is stripped of spaces and tabs at both ends; empty lines are kept as blank lines, except
 *       those right before a section header or at the end of the file (the canonical form puts one
 *       blank line between sections by itself);
 *   <li>a line starting with {@code #} or {@code ;} is a comment, also in the middle of a continued
 *       line, and never continues itself;
 *   <li>a line ending in an odd number of backslashes continues on the next: the last backslash
 *       becomes a space and the next line is appended (comments in between are kept, placed before
 *       the setting);
 *   <li>{@code [Name]} starts a section; {@code Key=value} is a setting, key and value stripped;
 *   <li>refused, with {@code file:line}: a setting before any section, a line without {@code =}, a
 *       malformed header or key, and any control character other than a tab. systemd ends a line at a
 *       lone carriage return and at a NUL, so a file holding one cannot mean what its lines show;
 *       {@code \r\n} line ends are read as {@code \n}.
 * </ul>
 * A leading UTF-8 byte order mark is skipped, as systemd does.
 */
public final class UnitFileParser {
    private UnitFileParser() {}

    /**
     * Parses {@code text}.
     *
     * @param name the file's name for messages, e.g. {@code tenants/acme/systemd/web.service}
     * @throws UnitSyntaxException naming the file and line of the first problem
     */
    public static UnitFile parse(String name, String text) throws UnitSyntaxException {
        return new Run(name).parse(text);
    }

    /** The state of one parse. */
    private static final class Run {
        private final String name;
        private final List<UnitLine> preamble = new ArrayList<>();
        private final List<UnitSection> sections = new ArrayList<>();
        private String sectionName;
        private List<UnitLine> lines = preamble;
        /** The continued line so far, or null. */
        private StringBuilder pending;
        private int pendingLine;
        private final List<UnitLine> pendingComments = new ArrayList<>();

        Run(String name) {
            this.name = name;
        }

        UnitFile parse(String text) throws UnitSyntaxException {
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            int lineNo = 0;
            int at = 0;
            while (at < text.length()) {
                int nl = text.indexOf('\n', at);
                int end = nl < 0 ? text.length() : nl;
                String raw = text.substring(at, end);
                at = end + 1;
                lineNo++;
                if (raw.endsWith("\r")) {
                    raw = raw.substring(0, raw.length() - 1);
                }
                physical(raw, lineNo);
            }
            if (pending != null) {
                // systemd parses a continuation left open at the end of the file as it stands.
                logical(pending.toString(), pendingLine);
            }
            closeSection();
            return new UnitFile(name, preamble, sections);
        }

        private void physical(String raw, int lineNo) throws UnitSyntaxException {
            int bad = LineRules.firstForbidden(raw, true);
            if (bad >= 0) {
                throw new UnitSyntaxException(name, lineNo, "control character " + LineRules.codePoint(raw.charAt(bad))
                        + " at column " + (bad + 1) + "; expected printable text (systemd may read it as a line end)");
            }
            String stripped = LineRules.strip(raw);
            if (!stripped.isEmpty() && (stripped.charAt(0) == '#' || stripped.charAt(0) == ';')) {
                (pending != null ? pendingComments : lines).add(new UnitLine.Comment(stripped));
                return;
            }
            String joined = pending != null ? pending.append(raw).toString() : raw;
            int startLine = pending != null ? pendingLine : lineNo;
            if (LineRules.continues(joined)) {
                pending = new StringBuilder(joined.length() + 64).append(joined, 0, joined.length() - 1).append(' ');
                pendingLine = startLine;
                return;
            }
            pending = null;
            logical(joined, startLine);
        }

        private void logical(String line, int lineNo) throws UnitSyntaxException {
            pending = null;
            lines.addAll(pendingComments);
            pendingComments.clear();
            String l = LineRules.strip(line);
            if (l.isEmpty()) {
                lines.add(UnitLine.Blank.LINE);
                return;
            }
            if (l.charAt(0) == '[') {
                if (l.length() < 2 || l.charAt(l.length() - 1) != ']') {
                    throw new UnitSyntaxException(name, lineNo, "expected a section header such as [Unit]; found '" + l + "'");
                }
                String section = l.substring(1, l.length() - 1);
                closeSection();
                try {
                    new UnitSection(section, List.of());
                } catch (IllegalArgumentException e) {
                    throw new UnitSyntaxException(name, lineNo, e.getMessage());
                }
                sectionName = section;
                lines = new ArrayList<>();
                return;
            }
            if (sectionName == null) {
                throw new UnitSyntaxException(name, lineNo, "setting outside of any section; expected a section header such as [Unit] first");
            }
            int eq = l.indexOf('=');
            if (eq < 0) {
                throw new UnitSyntaxException(name, lineNo, "expected Key=value or a section header; found '" + l + "'");
            }
            String key = LineRules.strip(l.substring(0, eq));
            String value = LineRules.strip(l.substring(eq + 1));
            try {
                lines.add(new UnitLine.Directive(key, UnitValue.read(value)));
            } catch (IllegalArgumentException e) {
                throw new UnitSyntaxException(name, lineNo, e.getMessage());
            }
        }

        private void closeSection() {
            if (sectionName != null) {
                sections.add(new UnitSection(sectionName, lines));
            } else if (lines != preamble) {
                throw new IllegalStateException("lines without a section");
            }
        }
    }
}
