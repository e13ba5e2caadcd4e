package bbh.sysext.tree;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an operator-wide extension must fit: the host's own os-release, as systemd-sysext reads it
 * at merge time ({@code <root>/etc/os-release}, else {@code <root>/usr/lib/os-release}), and the
 * configured architecture. One reading for the validated stage's check and the host merge, so the
 * two never disagree.
 */
public final class HostTarget {
    private HostTarget() {}

    private static final Logger LOG = LoggerFactory.getLogger(HostTarget.class);

    /**
     * The host's ID and VERSION_ID under {@code root}; without a readable os-release only
     * {@code ID=_any} images fit.
     */
    public static TargetSystem read(Path root, String architecture) {
        for (String rel : List.of("etc/os-release", "usr/lib/os-release")) {
            Path p = root.resolve(rel);
            if (Files.isRegularFile(p)) {
                try {
                    ReleaseFile f = ReleaseFile.parse(Files.readString(p, StandardCharsets.UTF_8));
                    return new TargetSystem(f.get("ID") == null ? List.of() : List.of(f.get("ID")), f.get("VERSION_ID"),
                            architecture);
                } catch (IOException | ReleaseFile.SyntaxError e) {
                    LOG.warn("cannot read {}: {}; only ID=_any extensions fit", p, e.getMessage());
                }
            }
        }
        return new TargetSystem(List.of(), null, architecture);
    }
}
