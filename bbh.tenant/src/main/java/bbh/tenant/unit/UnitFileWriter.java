package bbh.tenant.unit;

/**
 * Writes a {@link UnitFile} in its canonical form: the preamble's lines, then each section as its
 * {@code [Name]} header and its lines, one blank line between the parts, {@code \n} line ends,
 * settings as {@code Key=value} without spaces around {@code =}, a final line end. The same model
 * always gives the same bytes.
 */
public final class UnitFileWriter {
    private UnitFileWriter() {}

    /** The canonical text of {@code file}. */
    public static String write(UnitFile file) {
        StringBuilder b = new StringBuilder(256);
        for (UnitLine l : file.preamble()) {
            line(b, l);
        }
        for (UnitSection s : file.sections()) {
            if (b.length() > 0) {
                b.append('\n');
            }
            b.append('[').append(s.name()).append("]\n");
            for (UnitLine l : s.lines()) {
                line(b, l);
            }
        }
        return b.toString();
    }

    private static void line(StringBuilder b, UnitLine l) {
        if (l instanceof UnitLine.Directive d) {
            b.append(d.key()).append('=').append(d.value().text());
        } else if (l instanceof UnitLine.Comment c) {
            b.append(c.text());
        }
        b.append('\n');
    }
}
