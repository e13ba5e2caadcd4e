package bbh.tenant.unit;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One {@code [Section]} of a unit file with its lines in order; a setting may repeat. Blank lines at
 * its end are dropped: in the canonical form one blank line separates sections.
 *
 * @param name the section's name, e.g. {@code Service}
 * @param lines its settings, comments and blank lines
 */
public record UnitSection(String name, List<UnitLine> lines) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+( [A-Za-z0-9._-]+)*");

    public UnitSection {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a section name: '" + name + "'; expected letters, digits, '.', '_' or '-'");
        }
        lines = withoutTrailingBlanks(lines);
    }

    /** The values of {@code key} in this section, in order. */
    public List<String> values(String key) {
        List<String> values = new ArrayList<>();
        for (UnitLine l : lines) {
            if (l instanceof UnitLine.Directive d && d.key().equals(key)) {
                values.add(d.value().text());
            }
        }
        return values;
    }

    static List<UnitLine> withoutTrailingBlanks(List<UnitLine> lines) {
        int n = lines.size();
        while (n > 0 && lines.get(n - 1) instanceof UnitLine.Blank) {
            n--;
        }
        return List.copyOf(lines.subList(0, n));
    }
}
