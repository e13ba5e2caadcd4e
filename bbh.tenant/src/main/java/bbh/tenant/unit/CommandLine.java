package bbh.tenant.unit;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Writes an argument vector as the value of {@code ExecStart=} and the other {@code Exec*=} settings,
 * so that systemd runs exactly that vector (systemd.service(5), "Command lines").
 *
 * <p>systemd splits the value into words the way its {@code extract_first_word()} does with
 * unquoting and C unescaping, then resolves specifiers in each word, then, when the process starts,
 * replaces {@code $NAME} and {@code ${NAME}} with environment variables. So each argument that is not
 * a plain word is put in double quotes with {@code \} and {@code "} escaped, every {@code %} is
 * written {@code %%} and every {@code $} {@code $$}, and control characters become C escapes
 * ({@code \n}, {@code \t}, {@code \xNN}, {@code \}{@code u0085}): the value never holds a line break,
 * yet an argument may. A lone {@code ;} is quoted too, so it never separates commands.
 *
 * <p>The value is for a line without the {@code :} prefix (which turns environment substitution off
 * and would leave {@code $$} doubled). The executable must be an absolute, normalized path of plain
 * characters: systemd treats its first characters as prefixes ({@code -}, {@code @}, {@code +},
 * {@code !}) and does not substitute the environment in it.
 */
public final class CommandLine {
    private CommandLine() {}

    /** Arguments written without quotes. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=,+@-]+");
    private static final Pattern EXECUTABLE = Pattern.compile("(/[A-Za-z0-9_.+-]+)+");

    /**
     * The value for {@code argv}: {@code argv.get(0)} is the executable and becomes argv[0] too.
     *
     * @throws IllegalArgumentException for an empty vector, an executable that is not an absolute
     *     normalized path of letters, digits, {@code _ . + -}, or an argument holding a NUL
     */
    public static String quote(List<String> argv) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("a command needs at least an executable");
        }
        String exe = argv.get(0);
        if (!EXECUTABLE.matcher(exe).matches() || ("/" + exe + "/").contains("/./") || ("/" + exe + "/").contains("/../")) {
            throw new IllegalArgumentException("not an absolute, normalized path of plain characters: '" + exe + "'");
        }
        StringBuilder b = new StringBuilder(exe);
        for (String arg : argv.subList(1, argv.size())) {
            b.append(' ');
            argument(b, arg);
        }
        return b.toString();
    }

    /** Appends one argument, quoted when needed. */
    static void argument(StringBuilder b, String arg) {
        if (PLAIN.matcher(arg).matches()) {
            b.append(arg);
            return;
        }
        b.append('"');
        for (int i = 0; i < arg.length(); i++) {
            char c = arg.charAt(i);
            switch (c) {
                case '\0' -> throw new IllegalArgumentException("an argument cannot hold a NUL character");
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '%' -> b.append("%%");
                case '$' -> b.append("$$");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else if (LineRules.forbidden(c)) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
