package bbh.vmspawn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian unstable's root file system with systemd-vmspawn (systemd 262), qemu, OVMF, virtiofsd, a
 * kernel and udev, built once by {@code src/test/scripts/sid-rootfs} (about a minute and 1 GB) and
 * cached. For the opt-in slow tests only: skipped unless {@code -Dbbh.slow=true}.
 */
final class SidRootfs {
    private SidRootfs() {}

    static Path path() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("bbh.slow"), "slow test: run with -Dbbh.slow=true");
        Assumptions.assumeTrue(Tool.root(), "not root");
        Assumptions.assumeTrue(Tool.exists("systemd-nspawn") && Tool.exists("mmdebstrap"), "needs systemd-nspawn and mmdebstrap");
        Tool t = Tool.run(List.of("src/test/scripts/sid-rootfs"), Map.of(), 1800);
        assertEquals(0, t.exitCode(), t.stderr());
        Matcher m = Pattern.compile("rootfs=(.+)").matcher(t.stdout());
        assertTrue(m.find(), t.stdout());
        return Path.of(m.group(1).strip());
    }
}
