package bbh.tenant.unit;

/**
 * Escapers for values of {@code .nspawn} files (systemd.nspawn(5)), which share the unit-file syntax
 * but not its value rules: systemd-nspawn resolves no specifiers (so {@code %} stays as it is), and
 * splits {@code Bind=}/{@code BindReadOnly=} at {@code :}. Since 1.1.
 */
public final class NspawnValues {
    private NspawnValues() {}

    /**
     * {@code SOURCE:TARGET} for {@code Bind=} and {@code BindReadOnly=}: both absolute, normalized
     * paths without {@code :} (the separator), whitespace, quotes, backslashes or control characters;
     * refused rather than escaped, since nspawn's escaping of {@code :} differs between versions.
     *
     * @throws IllegalArgumentException for a path that cannot be written so
     */
    public static UnitValue bind(String source, String target) {
        return UnitValue.escaped(bindPath(source) + ":" + bindPath(target));
    }

    /** One absolute path as {@link #bind} checks it, for {@code Bind=}-like settings of one path. */
    public static UnitValue path(String path) {
        return UnitValue.escaped(bindPath(path));
    }

    /**
     * {@code ID:PATH} for {@code LoadCredential=}: the credential's name (letters, digits,
     * {@code . _ -}, as systemd.exec(5) credential names) and an absolute path as {@link #bind} checks it.
     */
    public static UnitValue credential(String name, String path) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,254}")) {
            throw new IllegalArgumentException("not a credential name: '" + name + "'");
        }
        return UnitValue.escaped(name + ":" + bindPath(path));
    }

    private static String bindPath(String p) {
        if (p == null) {
            throw new IllegalArgumentException("no path");
        }
        int i = LineRules.firstForbidden(p, false);
        if (i >= 0) {
            throw new IllegalArgumentException("a path holds control character " + LineRules.codePoint(p.charAt(i))
                    + " at character " + (i + 1));
        }
        if (!p.startsWith("/") || (p.length() > 1 && p.endsWith("/")) || p.contains("//")
                || (p + "/").contains("/./") || (p + "/").contains("/../")) {
            throw new IllegalArgumentException("not an absolute, normalized path: '" + p + "'");
        }
        if (p.chars().anyMatch(c -> c == ':' || c == ' ' || c == '"' || c == '\'' || c == '\\')) {
            throw new IllegalArgumentException("a path holding ':', whitespace, quotes or backslashes cannot be bound by systemd-nspawn: '" + p + "'");
        }
        return p;
    }
}
