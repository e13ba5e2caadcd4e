package bbh.tenant.unit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A unit file, drop-in or other file in systemd's INI dialect (systemd.syntax(7)), as a typed
 * model: the lines before the first section (comments and blank lines), then the sections in order,
 * each with its settings in order and repeated settings kept. Values are {@link UnitValue}s, made
 * only by bbh's escapers or read by {@link UnitFileParser}, so no value can add a line.
 *
 * <p>{@link #text()} gives the canonical form ({@link UnitFileWriter}); parsing it again gives an
 * equal model.
 *
 * @param name the file's name, for messages, e.g. {@code tenant-acme.slice} or {@code 50-bbh.conf}
 * @param preamble comments and blank lines before the first section
 * @param sections the sections in order; a name may appear more than once
 */
public record UnitFile(String name, List<UnitLine> preamble, List<UnitSection> sections) {

    public UnitFile {
        Objects.requireNonNull(name, "name");
        for (UnitLine l : preamble) {
            if (l instanceof UnitLine.Directive d) {
                throw new IllegalArgumentException(name + ": setting " + d.key() + " outside of any section");
            }
        }
        preamble = UnitSection.withoutTrailingBlanks(preamble);
        sections = List.copyOf(sections);
    }

    /** A builder for a file named {@code name}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The values of {@code key} in every section named {@code section}, in file order. */
    public List<String> values(String section, String key) {
        List<String> values = new ArrayList<>();
        for (UnitSection s : sections) {
            if (s.name().equals(section)) {
                values.addAll(s.values(key));
            }
        }
        return values;
    }

    /** The canonical text of this file. */
    public String text() {
        return UnitFileWriter.write(this);
    }

    /**
     * Builds a {@link UnitFile} line by line. Comments and blank lines go before the first section
     * until {@link #section(String)} is called, then into the current section.
     */
    public static final class Builder {
        private final String name;
        private final List<UnitLine> preamble = new ArrayList<>();
        private final List<UnitSection> sections = new ArrayList<>();
        private String sectionName;
        private List<UnitLine> lines = preamble;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /** Starts a new section; later lines go into it. */
        public Builder section(String section) {
            closeSection();
            sectionName = section;
            lines = new ArrayList<>();
            return this;
        }

        /** Adds {@code key=value} to the current section. */
        public Builder set(String key, UnitValue value) {
            if (sectionName == null) {
                throw new IllegalStateException(name + ": setting " + key + " before any section");
            }
            lines.add(new UnitLine.Directive(key, value));
            return this;
        }

        /** Adds a line, any kind. */
        public Builder line(UnitLine line) {
            if (line instanceof UnitLine.Directive d) {
                return set(d.key(), d.value());
            }
            lines.add(Objects.requireNonNull(line));
            return this;
        }

        /** Adds {@code # words}. */
        public Builder comment(String words) {
            return line(UnitLine.Comment.of(words));
        }

        /** Adds a blank line. */
        public Builder blank() {
            return line(UnitLine.Blank.LINE);
        }

        /** The file. */
        public UnitFile build() {
            closeSection();
            sectionName = null;
            lines = new ArrayList<>(); // a builder can build once more, adding nothing to the sections so far
            return new UnitFile(name, preamble, sections);
        }

        private void closeSection() {
            if (sectionName != null) {
                sections.add(new UnitSection(sectionName, lines));
            }
        }
    }
}
