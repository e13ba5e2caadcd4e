package bbh.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bbh.api.stage.HostLayout;
import bbh.tenant.unit.RenderedTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What brings tenants' networks back at boot: the host files (units, program, .wants links) and the
 * snapshots, copied by the real network-restore program (built by this module's compile phase) into
 * an empty folder, as bbh-network-restore.service does into /run/systemd/network. The booted run is
 * NetworkStageIT's reboot.
 */
class BootRestoreTest {

    @TempDir
    Path tmp;

    @Test
    void hostFilesEnableTheRestoreUnitAndIsolationOnlyWhileItIsOn() throws Exception {
        HostLayout host = HostLayout.under(tmp.resolve("root"));
        assertTrue(HostFiles.install(host, true));
        Path units = host.templateUnits();
        assertEquals(Path.of("../bbh-network-restore.service"),
                Files.readSymbolicLink(units.resolve("systemd-networkd.service.wants/bbh-network-restore.service")));
        assertEquals(Path.of("../bbh-tenant-isolation.service"),
                Files.readSymbolicLink(units.resolve("sysinit.target.wants/bbh-tenant-isolation.service")));
        assertTrue(Files.isExecutable(host.root().resolve(HostFiles.RESTORE_PROGRAM)));
        assertTrue(Files.readString(units.resolve(HostFiles.RESTORE_UNIT)).contains("Before=systemd-networkd.service"));
        assertFalse(HostFiles.install(host, true), "a second install changes nothing");
        assertTrue(HostFiles.install(host, false));
        assertFalse(Files.exists(units.resolve("sysinit.target.wants/bbh-tenant-isolation.service"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.isSymbolicLink(units.resolve("systemd-networkd.service.wants/bbh-network-restore.service")));
    }

    @Test
    void theRestoreProgramPutsBackWhatTheFolderHeld() throws Exception {
        HostLayout host = HostLayout.under(tmp.resolve("root"));
        NetworkSnapshots snapshots = new NetworkSnapshots(host);
        NetworkFolder folder = new NetworkFolder(tmp.resolve("run-before"), host.bbhState().resolve("network"), false);
        RenderedTree acme = TenantNetworkRenderer.render(Specs.minimal(), "c1", null);
        RenderedTree globex = TenantNetworkRenderer.render(Specs.full(), "c1", "trunk0");
        RenderedTree uplinks = UplinkRenderer.render(OperatorNetwork.parse(new String[] {"trunk0=52:54:00:12:34:56"}, "", new String[0]));
        for (var t : List.of(Map.entry("acme", acme), Map.entry("globex", globex))) {
            snapshots.tenant(t.getKey(), 1, t.getValue());
            folder.write(t.getKey(), t.getValue());
        }
        snapshots.host(uplinks);
        folder.write(NetworkUpStage.UPLINKS, uplinks);
        // A newer generation replaces acme's set; a tenant without a network has no snapshot.
        RenderedTree acme2 = TenantNetworkRenderer.render(Specs.minimal(), "c2", null);
        snapshots.tenant("acme", 2, acme2);
        folder.write("acme", acme2);
        snapshots.tenant("empty", 1, new RenderedTree());
        assertFalse(Files.exists(host.bbhState().resolve("networks/tenants/empty")));

        Path booted = restore(host, "run-after");
        assertEquals(contents(folder.folder()), contents(booted));
        assertTrue(contents(booted).get("50-bbh-acme-bridge.network").contains("at commit c2"));

        // A tenant that left is not restored.
        snapshots.remove("globex");
        folder.remove("globex");
        assertEquals(contents(folder.folder()), contents(restore(host, "run-again")));
    }

    /** Runs the program as the unit does, into a new empty folder, with the host's state. */
    private Path restore(HostLayout host, String name) throws Exception {
        Path out = Files.createDirectories(tmp.resolve(name));
        ProcessBuilder b = new ProcessBuilder(Path.of("target/classes/network/network-restore").toAbsolutePath().toString(), out.toString())
                .redirectErrorStream(true);
        b.environment().put("BBH_STATE", host.bbhState().toString());
        Process p = b.start();
        p.getOutputStream().close();
        String said = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), said);
        assertEquals("", said, "a clean run logs nothing");
        return out;
    }

    /** Every file below {@code dir} (hidden ones too) with its content. */
    private static Map<String, String> contents(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : new ArrayList<>(walk.filter(Files::isRegularFile).toList())) {
                files.put(dir.relativize(f).toString(), Files.readString(f));
            }
        }
        return files;
    }
}
