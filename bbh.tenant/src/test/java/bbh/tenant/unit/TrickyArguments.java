package bbh.tenant.unit;

import java.util.List;

/** Command-line arguments that each break naive quoting somewhere, for tests here and against a booted systemd. */
public final class TrickyArguments {
    private TrickyArguments() {}

    public static final List<String> ALL = List.of("", "a b", "%i %% %n", "$HOME ${HOME} $$", "\"q\" 'q' \\ \\\\ \\n", ";", "\\;",
            "line1\nline2\r\tx", "ä€😀", "\u0085\u2028", "\u0001\u007f", "-", "--x=y", "@z", "x\\", "'", "\"", "%", "$");
}
