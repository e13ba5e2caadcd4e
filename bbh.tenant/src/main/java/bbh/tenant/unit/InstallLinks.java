package bbh.tenant.unit;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The links {@code systemctl enable} makes for a unit from its {@code [Install]} section
 * (systemd.unit(5)): {@code <X>.wants/<unit>} for each unit X of {@code WantedBy=}, and
 * {@code <X>.requires/<unit>} for each of {@code RequiredBy=}, in the folder holding the unit. Each
 * setting is a list of unit names separated by spaces; an empty assignment empties the list so far,
 * as systemd reads it. {@code Alias=}, {@code Also=} and {@code DefaultInstance=} are not applied,
 * and a template's {@code [Install]} is not either: systemctl needs an instance to enable one.
 */
public final class InstallLinks {
    private InstallLinks() {}

    /** The settings of {@code [Install]} that make links. */
    public static final List<String> KEYS = List.of("WantedBy", "RequiredBy");

    /**
     * The unit names {@code key} lists in {@code file}'s {@code [Install]} sections, as systemd reads
     * them: split at spaces and tabs, emptied by an empty assignment, each once, in order.
     */
    public static List<String> words(UnitFile file, String key) {
        Set<String> words = new LinkedHashSet<>();
        for (String value : file.values("Install", key)) {
            if (value.isEmpty()) {
                words.clear();
            }
            for (String w : value.split("[ \t]+")) {
                if (!w.isEmpty()) {
                    words.add(w);
                }
            }
        }
        return new ArrayList<>(words);
    }

    /**
     * True when {@code word} can name the unit a link is made for: a valid unit name, not a
     * template. A specifier such as {@code %i} is refused too, since {@code %} is no unit name
     * character: bbh does not resolve specifiers.
     */
    public static boolean acceptable(String word) {
        return UnitNames.isValid(word) && !UnitNames.isTemplate(word);
    }

    /**
     * The links enabling {@code unit} (the file's own name, e.g. {@code hello.timer}), as paths
     * relative to the folder holding it, sorted; none for a template.
     *
     * @throws IllegalArgumentException when a word is not {@link #acceptable}, naming the key and word
     */
    public static SortedSet<String> of(String unit, UnitFile file) {
        SortedSet<String> links = new TreeSet<>();
        if (UnitNames.isTemplate(unit)) {
            return links;
        }
        for (String key : KEYS) {
            String folder = key.equals("WantedBy") ? ".wants/" : ".requires/";
            for (String w : words(file, key)) {
                if (!acceptable(w)) {
                    throw new IllegalArgumentException(unit + ": [Install] " + key + "= names '" + w
                            + "'; expected unit names without specifiers, such as multi-user.target");
                }
                links.add(w + folder + unit);
            }
        }
        return links;
    }
}
