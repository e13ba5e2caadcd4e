package bbh.tenant.unit;

/**
 * Keeps text from being read as systemd specifiers ({@code %i}, {@code %n}, ... in
 * systemd.unit(5) "Specifiers"): every {@code %} is doubled. Applies to every setting that resolves
 * specifiers, which is most that take text, paths, commands or environment.
 */
public final class Specifiers {
    private Specifiers() {}

    /** {@code s} with every {@code %} written as {@code %%}. */
    public static String escape(String s) {
        return s.indexOf('%') < 0 ? s : s.replace("%", "%%");
    }
}
