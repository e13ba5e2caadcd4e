package bbh.nspawn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bbh.api.stage.HostLayout;
import bbh.api.stage.MachinePlan;
import bbh.api.stage.TenantWork;
import bbh.api.tenant.TenantSpec;
import bbh.api.tenant.TenantUnitFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nspawn backend's plan for representative tenants, byte for byte against
 * {@code src/test/resources/golden/nspawn/<case>/} ({@code 60-machine.conf} and {@code <id>.nspawn});
 * {@code -Dfixtures.update=true} rewrites them.
 */
class GoldenNspawnTest {

    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    private static final Path GOLDEN = Path.of("src/test/resources/golden/nspawn");

    @TempDir
    Path root;

    /** A shared operator image, a network, the tenant's own units, binds and a credential. */
    static TenantSpec shop() {
        TenantSpec.Machine machine = new TenantSpec.Machine(2, "1G", null, null, List.of(),
                List.of(new TenantSpec.Bind("data", "/srv/data", false), new TenantSpec.Bind("config", "/etc/shop", true)),
                List.of(new TenantSpec.Credential("db-password", "db.pw")));
        return new TenantSpec(1, "shop", "", true, "nspawn", new TenantSpec.Image("directory", "debian-12"), null,
                new TenantSpec.Network("10.8.0.0/24", null, List.of()), List.of(), List.of(), "tenants/shop/metadata.json",
                List.of(new TenantUnitFile("hello.service", "[Service]\nExecStart=/bin/true\n")), machine);
    }

    /** The tenant's own raw image, its system extensions, no network, operator privileges. */
    static TenantSpec lab() {
        return new TenantSpec(1, "umbrella-lab", "", true, "nspawn", new TenantSpec.Image("raw", "lab.raw"), null, null,
                List.of(new TenantSpec.Extension("tools", "sysext")), List.of(), "tenants/umbrella-lab/metadata.json");
    }

    /** No image named: nspawn finds the one named after the machine. */
    static TenantSpec bare() {
        return new TenantSpec(1, "bare", "", true, "nspawn", null, null, null, null, null, "tenants/bare/metadata.json");
    }

    @Test
    void plansMatchTheirGoldenFiles() throws Exception {
        HostLayout host = HostLayout.under(root);
        Files.createDirectories(root.resolve("var/lib/tenants/umbrella-lab/extensions/sysext"));
        Files.writeString(root.resolve("var/lib/tenants/umbrella-lab/lab.raw"), "");
        NspawnBackend backend = new NspawnBackend();
        backend.grant(new OperatorSettings("umbrella-lab", "no", List.of("CAP_NET_ADMIN"), List.of("CAP_SYS_TIME"),
                List.of("/srv/shared:/mnt/shared"), List.of("/usr/share/fonts:/usr/share/fonts"), "state"));
        Map<String, TenantSpec> cases = new TreeMap<>(Map.of("shop", shop(), "lab", lab(), "bare", bare()));
        for (Map.Entry<String, TenantSpec> c : cases.entrySet()) {
            MachinePlan plan = backend.plan(new TenantWork(c.getValue(), COMMIT, 1, host));
            Map<String, String> files = new TreeMap<>();
            files.put("60-machine.conf", plan.unitDropIn());
            plan.files().forEach((path, content) -> files.put(Path.of(path).getFileName().toString(), content));
            assertEquals(List.of("etc/systemd/nspawn/" + c.getValue().id() + ".nspawn"), List.copyOf(plan.files().keySet()));
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path golden = GOLDEN.resolve(c.getKey()).resolve(f.getKey());
                if (Boolean.getBoolean("fixtures.update")) {
                    Files.createDirectories(golden.getParent());
                    Files.writeString(golden, f.getValue());
                }
                assertEquals(Files.readString(golden, StandardCharsets.UTF_8), f.getValue(), c.getKey() + "/" + f.getKey());
            }
        }
    }

    @Test
    void thePlanIsTheSameForTheSameWork() throws Exception {
        HostLayout host = HostLayout.under(root);
        NspawnBackend backend = new NspawnBackend();
        MachinePlan a = backend.plan(new TenantWork(shop(), COMMIT, 1, host));
        MachinePlan b = backend.plan(new TenantWork(shop(), COMMIT, 2, host));
        assertEquals(a, b);
    }
}
