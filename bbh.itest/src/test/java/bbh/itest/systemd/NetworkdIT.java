package bbh.itest.systemd;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import bbh.api.systemd.NetworkLink;
import bbh.itest.host.TestHost;
import bbh.tenant.systemd.NetworkdConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.Assume;
import org.junit.Test;

/**
 * bbh's networkd client ({@link NetworkdConnection}) and the network stage's golden files against the
 * networkd of a booted test host. Plain Java, no framework.
 */
public class NetworkdIT {

    /** networkd's parse warnings start with the file and line: {@code /run/systemd/network/X.network:12: ...}. */
    private static final Pattern PARSE_WARNING = Pattern.compile(".*/run/systemd/network/[^ ]*bbh[^ ]*:[0-9]+: .*");

    /**
     * Every golden file of bbh.network (bridge, VXLAN, VLAN with its uplink drop-in, WireGuard,
     * shaping, IPv6, the operator's uplink files) placed in networkd's runtime folder and loaded:
     * networkd logs no parse warning about any of them; the bridge and the VXLANs it can make here come
     * up, as the client reads them over D-Bus after waiting on networkd's signals.
     */
    @Test
    public void goldenFilesParseCleanlyAndTheirBridgesComeUp() throws Exception {
        Assume.assumeTrue(TestHost.unavailableReason().orElse(""), TestHost.available());
        Path golden = Paths.get(System.getProperty("bbh.workspace", ".."), "bbh.network/src/test/resources/golden");
        try (TestHost host = TestHost.start("net-it-" + ProcessHandle.current().pid() + "-golden");
                NetworkdConnection networkd = NetworkdConnection.open(host.busAddress())) {
            Path folder = host.runDir().resolve("systemd/network");
            for (String set : List.of("minimal", "full", "ipv6-only", "uplinks")) {
                try (Stream<Path> files = Files.walk(golden.resolve(set))) {
                    for (Path f : files.filter(Files::isRegularFile).toList()) {
                        Path target = folder.resolve(golden.resolve(set).relativize(f).toString());
                        Files.createDirectories(target.getParent());
                        Files.copy(f, target);
                    }
                }
            }
            // The WireGuard key stays on the host, readable by networkd's group only.
            Path key = host.root().resolve("etc/bbh/credentials/globex/wg-globex.key");
            Files.createDirectories(key.getParent());
            byte[] raw = new byte[32];
            new SecureRandom().nextBytes(raw);
            Files.writeString(key, Base64.getEncoder().encodeToString(raw) + "\n");
            host.exec("chgrp", "systemd-network", "/etc/bbh/credentials/globex/wg-globex.key").requireSuccess();
            host.exec("chmod", "0640", "/etc/bbh/credentials/globex/wg-globex.key").requireSuccess();

            long start = System.nanoTime();
            networkd.reload();
            Map<String, NetworkLink> up = networkd.awaitSettled(
                    List.of("br-acme", "br-globex", "vx-globex", "br-umbre-0f7cb0"), Duration.ofSeconds(20));
            long millis = (System.nanoTime() - start) / 1_000_000;
            for (String name : List.of("br-acme", "br-globex", "br-umbre-0f7cb0")) {
                assertEquals(name + ": " + up.get(name), NetworkLink.CONFIGURED, up.get(name).administrativeState());
            }
            assertEquals("vxlan", up.get("vx-globex").kind());
            assertEquals(NetworkLink.CONFIGURED, up.get("vx-globex").administrativeState());
            assertTrue(up.get("br-acme").addresses().toString(), up.get("br-acme").addresses().contains("10.101.0.1/24"));
            assertEquals(List.of("10.102.0.53", "fd00:102::53"), up.get("br-globex").dns());
            assertEquals(List.of("globex.internal", "corp.example"), up.get("br-globex").domains());
            System.out.println("NetworkdIT: reload to four links configured: " + millis + " ms");

            String journal = host.journal("systemd-networkd.service");
            String warnings = journal.lines().filter(l -> PARSE_WARNING.matcher(l).matches()).collect(Collectors.joining("\n"));
            assertEquals("networkd's warnings about bbh's files", "", warnings);
        }
    }
}
