package bbh.tenant.units;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bbh.tenant.unit.ExternalTool;
import bbh.tenant.unit.SystemdWords;
import bbh.tenant.unit.UnitFileParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage quota is enforced, not only written down: the exact commands tenant-infra@.service
 * runs (read back from the template as systemd would split them) create an image of the quota's
 * size, mount it, stop writes beyond it, grow it when the quota grows, refuse to shrink it, and
 * unmount it. Run as root in a private mount namespace with a tmpfs over /var/lib, so the host's
 * own folders are never touched. Skipped where loop devices or namespaces are not available.
 */
class StorageQuotaScriptTest {

    private static final long MIB = 1L << 20;

    /** Runs each step of the storage helper's life and prints key=value lines. */
    private static final String DRIVER = """
            set -u
            mount -t tmpfs tmpfs /var/lib
            export BBH_TENANT=t1
            step() { name=$1; shift; env "$@" sh -c "$STORAGE" tenant-storage >/var/lib/out 2>/var/lib/err
              echo "$name=$?"; tr '\\n' ' ' </var/lib/err | sed "s/^/$name.err=/"; echo; }
            stop() { sh -c "$STOP" tenant-storage-stop; echo "$1=$?"; }
            size() { echo "$1=$(df -B1 --output=size /var/lib/tenants/t1 | tail -1 | tr -d ' ')"; }
            step start BBH_STORAGE_BYTES=$((64 << 20)); size size.start
            dd if=/dev/zero of=/var/lib/tenants/t1/fill bs=1M count=100 2>/dev/null; echo "fill=$?"
            echo "filled=$(stat -c %s /var/lib/tenants/t1/fill)"
            stop stop.1; mountpoint -q /var/lib/tenants/t1; echo "mounted.after.stop=$?"
            step grow BBH_STORAGE_BYTES=$((128 << 20)); size size.grown
            echo "image=$(stat -c %s /var/lib/tenants/t1.img)"
            step again BBH_STORAGE_BYTES=$((128 << 20)); size size.again
            step shrink BBH_STORAGE_BYTES=$((64 << 20))
            step none
            stop stop.2; stop stop.3
            """;

    @Test
    void theQuotaIsEnforcedGrownAndNeverShrunk(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/loop-control")), "no loop devices here");
        for (String tool : List.of("unshare", "mkfs.ext4", "resize2fs", "losetup", "mountpoint", "findmnt", "dumpe2fs")) {
            Assumptions.assumeTrue(ExternalTool.exists(tool), tool + " is not installed");
        }
        ExternalTool probe = ExternalTool.run(List.of("unshare", "-m", "--propagation", "private", "true"), Map.of());
        Assumptions.assumeTrue(probe.exitCode() == 0, "no mount namespaces here (not root?): " + probe.stderr());

        var infra = UnitFileParser.parse("tenant-infra@.service", Templates.text(TenantUnitNames.INFRA_TEMPLATE));
        List<String> start = SystemdWords.argv(infra.values("Service", "ExecStart").get(0));
        List<String> stop = SystemdWords.argv(infra.values("Service", "ExecStop").get(0));
        assertEquals(List.of("/bin/sh", "-c"), start.subList(0, 2));
        assertEquals(start, SystemdWords.argv(infra.values("Service", "ExecReload").get(0)), "reload runs the same helper");
        Path driver = dir.resolve("driver.sh");
        Files.writeString(driver, DRIVER);

        ExternalTool t = ExternalTool.run(List.of("unshare", "-m", "--propagation", "private", "/bin/sh", driver.toString()),
                Map.of("STORAGE", start.get(2), "STOP", stop.get(2)));
        Map<String, String> r = new HashMap<>();
        for (String line : t.stdout().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                r.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        String all = t.stdout() + t.stderr();
        Assumptions.assumeFalse(r.getOrDefault("start.err", "").contains("mount failed"), "loop mounts fail here: " + all);

        assertEquals("0", r.get("start"), all);
        long first = Long.parseLong(r.get("size.start"));
        assertTrue(first > 48 * MIB && first <= 64 * MIB, "a 64M quota gives a file system of nearly 64M: " + first);
        assertNotEquals("0", r.get("fill"), "writing 100M into a 64M quota must fail");
        assertTrue(Long.parseLong(r.get("filled")) < 64 * MIB, all);
        assertEquals("0", r.get("stop.1"), all);
        assertNotEquals("0", r.get("mounted.after.stop"), "stop unmounts");

        assertEquals("0", r.get("grow"), all);
        long grown = Long.parseLong(r.get("size.grown"));
        assertTrue(grown > 112 * MIB && grown <= 128 * MIB, "a raised quota grows the file system: " + grown);
        assertEquals(Long.toString(128 * MIB), r.get("image"));
        assertEquals("0", r.get("again"), all);
        assertEquals(r.get("size.grown"), r.get("size.again"), "a second start changes nothing");

        assertEquals("1", r.get("shrink"), all);
        assertTrue(r.get("shrink.err").contains("bbh never shrinks a file system"), r.get("shrink.err"));
        assertEquals("0", r.get("none"), all);
        assertTrue(r.get("none.err").contains("has no storage quota any more"), r.get("none.err"));
        assertEquals("0", r.get("stop.2"), all);
        assertEquals("0", r.get("stop.3"), "stopping what is not mounted succeeds");
    }
}
