package bbh.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.options;

import bbh.api.pipeline.Stage;
import bbh.api.status.PipelineStatus;
import bbh.api.status.StageState;
import bbh.api.status.StageStatus;
import bbh.api.status.TenantStatus;
import bbh.api.systemd.Networkd;
import bbh.itest.host.ExecResult;
import bbh.itest.host.TestHost;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Assume;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The whole pipeline with networks and machines, nothing stood in: in a booted test host, two tenants
 * with networks go through the real units, network (bbh.network), overlay (bbh.sysext: these tenants
 * have no extensions, so it has nothing to merge) and machine stages (bbh.machine + bbh.nspawn) and
 * become nested systemd-nspawn containers plugged into their own bridges. Inside each, networkd gets a
 * DHCP lease from its tenant's bridge; neither reaches the other machine nor the other tenant's
 * gateway, while both reach their own gateway; with the isolation rules taken away (forwarding on)
 * they do reach each other, so the rules are what keeps them apart. Then the host reboots with bbh
 * gone, and all of it comes back: bridges, machines, leases, isolation.
 *
 * <p>The operator grants both tenants {@code PrivateUsers=no} (factory PID bbh.nspawn.tenant), as
 * MachineStageIT does: user namespaces on the shared image need ID-mapped mounts this nested host lacks.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class NetworkedMachinesIT {

    private static final Pattern INET = Pattern.compile("inet (10\\.\\d+\\.\\d+\\.\\d+)/24");

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    private final List<org.osgi.service.cm.Configuration> configurations = new ArrayList<>();
    private TestHost host;

    @Configuration
    public Option[] config() {
        return options(composite(BbhOptions.bbhRuntime()), BbhOptions.networkStage());
    }

    @After
    public void stopHost() throws Exception {
        for (org.osgi.service.cm.Configuration c : configurations) {
            c.delete();
        }
        if (host != null) {
            host.close();
        }
    }

    @Test
    public void twoTenantsMachinesGetAddressesFromTheirOwnBridgesAndCannotReachEachOther() throws Exception {
        Assume.assumeTrue(TestHost.unavailableReason().orElse(""), TestHost.available());
        host = TestHost.start("net2-machines-" + ProcessHandle.current().pid());
        configure("bbh.network", Map.of("folder", host.runDir().resolve("systemd/network").toString(), "linkTimeout", 10));
        org.osgi.service.cm.Configuration bus = configure("bbh.systemd", Map.of("bus", host.busAddress()));
        Await.service(context, Networkd.class);
        PipelineStatus status = Await.service(context, PipelineStatus.class);

        TenantGitRepo repo = TenantGitRepo.init(Scratch.folder("networked-machines-repo"));
        repo.write("red", metadata("red", "10.121.0.0/24"));
        repo.write("blue", metadata("blue", "10.122.0.0/24"));
        for (String id : List.of("red", "blue")) {
            grantNoUserNamespace(id);
        }
        repo.commit("two tenants, each a network and a machine");
        org.osgi.service.cm.Configuration source = SourceConfiguration.follow(configurationAdmin, repo.top().toString(), host.root());
        configurations.add(source);
        for (String id : List.of("red", "blue")) {
            StageStatus vm = awaitVmStarted(status, id);
            assertEquals(vm.toString(), StageState.DONE, vm.state());
            assertEquals(StageState.DONE, status.tenant(id).orElseThrow().stage(Stage.NETWORK_UP).state());
            assertEquals(StageState.DONE, status.tenant(id).orElseThrow().stage(Stage.OVERLAY_MOUNTED).state());
        }

        // Each machine's networkd got a lease from its own bridge's DHCP server (waited on inside with
        // networkd's wait-online: an IPv4 address and a default route).
        String red = leasedAddress("red", "10.121.0.");
        String blue = leasedAddress("blue", "10.122.0.");
        System.out.println("NetworkedMachinesIT: red " + red + ", blue " + blue);
        String port = host.exec("ip", "-o", "link", "show", "master", "br-red").requireSuccess().stdout();
        assertTrue(port, port.contains("vb-red"));

        host.exec("sh", "-c", "echo 1 > /proc/sys/net/ipv4/ip_forward").requireSuccess();
        assertTrue("red's machine should reach its own gateway", ping("red", "10.121.0.1"));
        assertTrue("blue's machine should reach its own gateway", ping("blue", "10.122.0.1"));
        assertFalse("red reached blue's machine", ping("red", blue));
        assertFalse("blue reached red's machine", ping("blue", red));
        assertFalse("red reached blue's gateway address", ping("red", "10.122.0.1"));

        // Without the isolation rules (forwarding on) the same pings go through.
        host.exec("nft", "delete", "table", "inet", "bbh_isolation").requireSuccess();
        assertTrue("without the rules red should reach blue's machine", ping("red", blue));
        assertTrue("without the rules red should reach blue's gateway address", ping("red", "10.122.0.1"));
        host.systemctl("restart", "bbh-tenant-isolation.service").requireSuccess();
        assertFalse("red reached blue's machine again", ping("red", blue));

        // bbh lets go and the host reboots: the bridges come back from the network snapshots before
        // networkd, tenant-network@ sees them configured, the machines start from the generators'
        // units, get leases again, and are still kept apart, all without bbh.
        for (org.osgi.service.cm.Configuration c : List.of(source, bus)) {
            configurations.remove(c);
            c.delete();
        }
        Await.until(() -> context.getServiceReference(Networkd.class) == null ? null : "still connected");
        host.exec("systemctl", "reboot");
        NetworkStageIT.bootAgain(host.name());
        for (String id : List.of("red", "blue")) {
            Await.until(() -> {
                String state = host.systemctl("show", "-P", "ActiveState", "tenant-vm@" + id + ".service").stdout().strip();
                return state.equals("active") ? null : "tenant-vm@" + id + ".service is " + state;
            });
        }
        String redAgain = leasedAddress("red", "10.121.0.");
        String blueAgain = leasedAddress("blue", "10.122.0.");
        host.exec("sh", "-c", "echo 1 > /proc/sys/net/ipv4/ip_forward").requireSuccess();
        assertTrue("after the reboot red should reach its own gateway", ping("red", "10.121.0.1"));
        assertFalse("after the reboot red reached blue's machine", ping("red", blueAgain));
        assertFalse("after the reboot blue reached red's gateway address", ping("blue", "10.121.0.1"));
        assertTrue(redAgain.startsWith("10.121.0."));
    }

    /** The machine's IPv4 address on host0, once networkd inside has one with a route out. */
    private String leasedAddress(String machine, String prefix) {
        host.exec("systemd-run", "-M", machine, "--wait", "-P", "/lib/systemd/systemd-networkd-wait-online",
                "--timeout=60", "-4", "-i", "host0:routable").requireSuccess();
        ExecResult addr = host.exec("systemd-run", "-M", machine, "--wait", "-P", "ip", "-4", "-o", "addr", "show", "dev", "host0")
                .requireSuccess();
        Matcher m = INET.matcher(addr.stdout());
        assertTrue(addr.describe(), m.find());
        String address = m.group(1);
        assertTrue(address + " is not in " + machine + "'s subnet", address.startsWith(prefix));
        assertFalse(address + " is the gateway", address.equals(prefix + "1"));
        assertTrue(addr.stdout(), addr.stdout().contains("dynamic"));
        return address;
    }

    private boolean ping(String machine, String address) {
        return host.exec("systemd-run", "-M", machine, "--wait", "-P", "busybox", "ping", "-c", "1", "-W", "2", address).succeeded();
    }

    private static StageStatus awaitVmStarted(PipelineStatus status, String id) {
        StageStatus[] seen = new StageStatus[1];
        Await.until(() -> {
            Optional<TenantStatus> t = status.tenant(id);
            if (t.isEmpty() || !t.get().settled()) {
                return id + ": " + t.orElse(null);
            }
            seen[0] = t.get().stage(Stage.VM_STARTED);
            return seen[0].state() == StageState.DONE || seen[0].state() == StageState.FAILED ? null : id + " at vm-started: " + seen[0];
        });
        return seen[0];
    }

    private static String metadata(String id, String subnet) {
        return """
                {
                  "schemaVersion": 1,
                  "id": "%s",
                  "backend": "nspawn",
                  "image": { "type": "directory", "name": "debian-12" },
                  "network": { "subnet": "%s" }
                }
                """.formatted(id, subnet);
    }

    private void grantNoUserNamespace(String id) throws java.io.IOException {
        org.osgi.service.cm.Configuration c = configurationAdmin.createFactoryConfiguration("bbh.nspawn.tenant", "?");
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("tenant", id);
        p.put("privateUsers", "no");
        c.update(p);
        configurations.add(c);
    }

    private org.osgi.service.cm.Configuration configure(String pid, Map<String, Object> values) throws java.io.IOException {
        org.osgi.service.cm.Configuration c = configurationAdmin.getConfiguration(pid, "?");
        c.update(new Hashtable<>(values));
        configurations.add(c);
        return c;
    }
}
