package bbh.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.options;

import bbh.api.pipeline.Stage;
import bbh.api.source.TenantRepository;
import bbh.api.stage.MachineBackend;
import bbh.api.status.PipelineStatus;
import bbh.api.status.StageState;
import bbh.api.status.StageStatus;
import bbh.api.status.TenantStatus;
import bbh.api.systemd.MachineInfo;
import bbh.api.systemd.Machined;
import bbh.api.systemd.SystemdException;
import bbh.api.systemd.SystemdManager;
import bbh.itest.host.ExecResult;
import bbh.itest.host.TestHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The vm-started stage in the framework against a booted systemd (bin/testhost): tenants become
 * running systemd-nspawn containers nested in the test host, booting its cached Debian root file
 * system (bound read-only at /var/lib/machines/debian-12, under Volatile=overlay).
 *
 * <p>Every stage is the real one: bbh.network (network-up) and bbh.sysext (overlay-mounted) run too;
 * these tenants declare no network and no extension, so those stages only install their host parts
 * and find nothing to bring up. The example third-party backend (examples/backend-ephemeral) is
 * installed beside bbh.nspawn, for the backend swap. The operator grants every test tenant {@code PrivateUsers=no}
 * (factory PID bbh.nspawn.tenant): user namespaces on a shared image need ID-mapped mounts, which
 * this machine's nested test host lacks (docs/machines.md).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MachineStageIT {

    private static final String IMAGE = "debian-12";
    private static final java.util.concurrent.atomic.AtomicInteger HOSTS = new java.util.concurrent.atomic.AtomicInteger();

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    private final List<org.osgi.service.cm.Configuration> configurations = new ArrayList<>();
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private TestHost host;
    private SystemdManager systemd;
    private PipelineStatus status;
    private TenantRepository repository;

    @Configuration
    public Option[] config() {
        return options(composite(BbhOptions.bbhRuntime()), BbhOptions.networkStage(), BbhOptions.vmspawnBackend(),
                BbhOptions.exampleBackend());
    }

    @Before
    public void bootHost() throws Exception {
        Assume.assumeTrue(TestHost.unavailableReason().orElse(""), TestHost.available());
        // A name of its own per test: the units stage installs templates once per host root path.
        host = TestHost.start("machine-it-" + ProcessHandle.current().pid() + "-" + HOSTS.incrementAndGet());
        configure("bbh.systemd", Map.of("bus", host.busAddress()));
        systemd = Await.service(context, SystemdManager.class);
        status = Await.service(context, PipelineStatus.class);
    }

    @After
    public void stopHost() throws Exception {
        for (ServiceRegistration<?> r : registrations) {
            r.unregister();
        }
        for (org.osgi.service.cm.Configuration c : configurations) {
            c.delete();
        }
        if (host != null) {
            host.close();
        }
    }

    @Test
    public void tenantsBecomeRunningContainersAndOnlyChangedMachinesRestart() throws Exception {
        TenantGitRepo repo = TenantGitRepo.init(Scratch.folder("machine-repo"));
        for (String id : List.of("web", "plain", "broken")) {
            grantNoUserNamespace(id);
        }
        repo.write("web", metadata("web", IMAGE, "web shop", "512M", 300));
        ownUnit(repo, "web", "bbh-probe.service", "[Unit]\nDescription=probe\n\n[Service]\nType=oneshot\n"
                + "RemainAfterExit=yes\nExecStart=/bin/true\n\n[Install]\nWantedBy=multi-user.target\n");
        repo.write("plain", metadata("plain", IMAGE, "plain", "256M", 100));
        repo.write("broken", metadata("broken", "gone", "no such image", "256M", 100));
        repo.write("vm", metadata("vm", "vm.raw", "a VM", "256M", 100).replace("\"nspawn\"", "\"vmspawn\"")
                .replace("\"directory\"", "\"raw\""));
        repo.commit("four tenants");
        configurations.add(SourceConfiguration.follow(configurationAdmin, repo.top().toString(), host.root()));
        repository = Await.service(context, TenantRepository.class);

        awaitStage("web", StageState.DONE);
        awaitStage("plain", StageState.DONE);
        StageStatus broken = awaitStage("broken", StageState.FAILED);
        // vmspawn needs systemd 258: on this 252 the VM tenant fails with that reason, through the whole
        // pipeline, and nothing of it is written or started; the containers run on.
        StageStatus vm = awaitStage("vm", StageState.FAILED);
        assertEquals("the machine backend 'vmspawn' cannot run tenant vm on this host: "
                + "systemd-vmspawn needs systemd 258 or later; this host runs 252", vm.message());
        assertFalse(Files.exists(host.root().resolve("var/lib/bbh/machines/tenants/vm")));
        assertEquals("inactive", systemd.activeState("tenant-vm@vm.service"));
        assertEquals("active", systemd.activeState("tenant-vm@web.service"));
        // The stages before run for real, provided by their own bundles, with nothing to bring up here.
        assertEquals("bbh.network", context.getServiceReference(bbh.api.stage.NetworkStage.class).getBundle().getSymbolicName());
        assertEquals("bbh.sysext", context.getServiceReference(bbh.api.stage.OverlayStage.class).getBundle().getSymbolicName());
        TenantStatus webStatus = status.tenant("web").orElseThrow();
        assertEquals(StageState.DONE, webStatus.stage(Stage.NETWORK_UP).state());
        assertEquals(StageState.DONE, webStatus.stage(Stage.OVERLAY_MOUNTED).state());
        assertTrue(broken.message(), broken.message().contains("tenant-vm@broken.service did not start")
                && broken.message().contains("/var/lib/machines/gone"));

        // machined knows both, as containers registered by nspawn in their units.
        Machined machined = Await.service(context, Machined.class);
        MachineInfo web = machined.machine("web").orElseThrow(() -> new AssertionError("machined does not know web"));
        assertEquals("container", web.machineClass());
        assertEquals("tenant-vm@web.service", web.unit());
        assertTrue(machined.machines().stream().map(MachineInfo::name).toList().containsAll(List.of("plain", "web")));
        assertTrue(machined.machine("broken").isEmpty());

        // A command runs inside, and the tenant's own unit (delivered read-only) was enabled there.
        host.exec("systemd-run", "-M", "web", "--wait", "-P", "true").requireSuccess();
        ExecResult probe = host.exec("systemd-run", "-M", "web", "--wait", "-P", "systemctl", "is-active", "bbh-probe.service");
        assertEquals(probe.describe(), "active", probe.stdout().strip());

        // Its cgroup is under the tenant's slice, with the metadata's limits read back over D-Bus.
        Map<String, Object> unit = systemd.unitProperties("tenant-vm@web.service");
        assertTrue(String.valueOf(unit.get("ControlGroup")),
                String.valueOf(unit.get("ControlGroup")).startsWith("/tenant.slice/tenant-web.slice/tenant-vm@web.service"));
        Map<String, Object> slice = systemd.unitProperties("tenant-web.slice");
        assertEquals(512L << 20, slice.get("MemoryMax"));
        assertEquals(300L, slice.get("TasksMax"));
        // The container's init, seen through the test host's own /proc (machined reports it in the test host's PID namespace).
        String leaderCgroup = Files.readString(Path.of("/proc/" + host.leaderPid() + "/root/proc/" + web.leader() + "/cgroup")).strip();
        assertTrue(leaderCgroup, leaderCgroup.contains("/tenant.slice/tenant-web.slice/tenant-vm@web.service/"));

        // A commit that changes nothing of the machine (description, slice limits) does not restart it.
        Object invocation = unit.get("InvocationID");
        Object entered = unit.get("ActiveEnterTimestamp");
        long generation = status.tenant("web").orElseThrow().generation();
        repo.write("web", metadata("web", IMAGE, "web shop, renamed", "768M", 300));
        repo.commit("web: new description and memory");
        assertEquals(List.of("web"), repository.sync().changed());
        awaitStageAfter("web", StageState.DONE, generation);
        Map<String, Object> after = systemd.unitProperties("tenant-vm@web.service");
        assertEquals(invocation, after.get("InvocationID"));
        assertEquals(entered, after.get("ActiveEnterTimestamp"));
        assertEquals(768L << 20, systemd.unitProperties("tenant-web.slice").get("MemoryMax"));

        // A changed own unit changes the machine: it restarts onto the new units.
        generation = status.tenant("web").orElseThrow().generation();
        ownUnit(repo, "web", "bbh-probe2.service", "[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/bin/true\n\n"
                + "[Install]\nWantedBy=multi-user.target\n");
        repo.commit("web: a second unit");
        repository.sync();
        awaitStageAfter("web", StageState.DONE, generation);
        assertNotEquals(invocation, systemd.unitProperties("tenant-vm@web.service").get("InvocationID"));
        ExecResult probe2 = host.exec("systemd-run", "-M", "web", "--wait", "-P", "systemctl", "is-active", "bbh-probe2.service");
        assertEquals(probe2.describe(), "active", probe2.stdout().strip());

        // REMOVED stops the machine and removes its files; the others run on.
        Object webInvocation = systemd.unitProperties("tenant-vm@web.service").get("InvocationID");
        repo.delete("plain");
        repo.commit("plain leaves");
        assertEquals(List.of("plain"), repository.sync().removed());
        Await.until(() -> status.tenant("plain").filter(TenantStatus::removed).isPresent() ? null : "plain not removed yet");
        assertTrue(machined.machine("plain").isEmpty());
        assertEquals("inactive", systemd.activeState("tenant-vm@plain.service"));
        assertFalse(Files.exists(host.root().resolve("etc/systemd/nspawn/plain.nspawn")));
        assertFalse(Files.exists(host.root().resolve("var/lib/bbh/machines/tenants/plain")));
        assertEquals(webInvocation, systemd.unitProperties("tenant-vm@web.service").get("InvocationID"));
        assertTrue(machined.machine("web").isPresent());

        // The console: machines, backends, stop, start, restart.
        String machines = console("bbh:machines");
        assertTrue(machines, machines.lines().anyMatch(l -> l.matches("web\\s+nspawn\\s+active\\s+container\\s+\\d+\\s*")));
        assertTrue(machines, machines.lines().anyMatch(l -> l.matches("broken\\s+nspawn\\s+failed\\s+-\\s+-\\s*")));
        String backends = console("bbh:backend");
        assertTrue(backends, backends.lines().anyMatch(l -> l.matches("nspawn\\s+\\*\\s+0\\s+\\d+\\s+bbh.nspawn\\s*")));
        String backend = console("bbh:backend web");
        assertTrue(backend, backend.contains("tenant web: backend 'nspawn', run by service ")
                && backend.contains(" of bbh.nspawn; plan in force from 'nspawn'"));
        assertEquals("tenant-vm@web.service: stop job done, now inactive", console("bbh:stop web").strip());
        assertTrue(machined.machine("web").isEmpty());
        assertEquals("tenant-vm@web.service: start job done, now active", console("bbh:start web").strip());
        assertTrue(machined.machine("web").isPresent());
        Object started = systemd.unitProperties("tenant-vm@web.service").get("InvocationID");
        assertEquals("tenant-vm@web.service: restart job done, now active", console("bbh:restart web").strip());
        assertNotEquals(started, systemd.unitProperties("tenant-vm@web.service").get("InvocationID"));
        assertEquals("'Web' is not a tenant id.", console("bbh:start Web").strip());
    }

    @Test
    public void aBackendSwapMovesOnlyThatTenantAndBundlesComeAndGoUnderRunningMachines() throws Exception {
        TenantGitRepo repo = TenantGitRepo.init(Scratch.folder("machine-swap-repo"));
        List<String> first = List.of("alpha", "beta");
        for (String id : List.of("alpha", "beta", "c1", "c2", "c3", "c4")) {
            grantNoUserNamespace(id);
        }
        for (String id : first) {
            repo.write(id, metadata(id, IMAGE, id, "256M", 100));
        }
        repo.commit("two nspawn tenants");
        configurations.add(SourceConfiguration.follow(configurationAdmin, repo.top().toString(), host.root()));
        repository = Await.service(context, TenantRepository.class);
        for (String id : first) {
            awaitStage(id, StageState.DONE);
        }
        Object alpha = invocation("alpha");
        Object beta = invocation("beta");

        // The example third-party backend (bundle org.example.bbh.ephemeral): one commit moves alpha to it.
        Await.service(context, MachineBackend.class, "(" + MachineBackend.NAME + "=ephemeral)");
        long generation = status.tenant("alpha").orElseThrow().generation();
        repo.write("alpha", metadata("alpha", IMAGE, "alpha", "256M", 100).replace("\"nspawn\"", "\"ephemeral\""));
        repo.commit("alpha moves to the ephemeral backend");
        assertEquals(List.of("alpha"), repository.sync().changed());
        awaitStageAfter("alpha", StageState.DONE, generation);
        assertNotEquals(alpha, invocation("alpha"));
        assertEquals(beta, invocation("beta"));
        // It runs on the example's plan: its drop-in, no .nspawn file of the nspawn plan left behind,
        // a root on a throw-away overlay, registered with machined under the tenant's id.
        Path dropIn = host.root().resolve("var/lib/bbh/machines/tenants/alpha/current/tenant-vm@alpha.service.d/60-machine.conf");
        String plan = Files.readString(dropIn);
        assertTrue(plan, plan.contains("# Backend ephemeral (example)") && plan.contains(" --volatile=overlay "));
        assertFalse(Files.exists(host.root().resolve("etc/systemd/nspawn/alpha.nspawn")));
        assertEquals("tenant-vm@alpha.service", Await.service(context, Machined.class).machine("alpha").orElseThrow().unit());
        ExecResult root = host.exec("systemd-run", "-M", "alpha", "--wait", "-P", "findmnt", "-n", "-o", "FSTYPE", "/");
        assertEquals(root.describe(), "overlay", root.stdout().strip());
        String backend = console("bbh:backend alpha");
        assertTrue(backend, backend.contains("tenant alpha: backend 'ephemeral', run by service ")
                && backend.contains(" of org.example.bbh.ephemeral; plan in force from 'ephemeral'"));
        alpha = invocation("alpha");

        // Stopping the example bundle stops no machine: not its own tenant's, not nspawn's.
        Bundle example = bundle("org.example.bbh.ephemeral");
        example.stop();
        try {
            // Bundle.stop() returns once DS has unregistered the bundle's services.
            assertTrue(context.getServiceReferences(MachineBackend.class, "(" + MachineBackend.NAME + "=ephemeral)").isEmpty());
            assertEquals("active", systemd.activeState("tenant-vm@alpha.service"));
            assertEquals("active", systemd.activeState("tenant-vm@beta.service"));
            assertEquals(alpha, invocation("alpha"));
            assertEquals(beta, invocation("beta"));
            // A commit of alpha meanwhile fails at vm-started, naming what is missing; its machine runs on.
            generation = status.tenant("alpha").orElseThrow().generation();
            repo.write("alpha", metadata("alpha", IMAGE, "alpha, while its backend is away", "256M", 100)
                    .replace("\"nspawn\"", "\"ephemeral\""));
            repo.commit("alpha: new description");
            repository.sync();
            StageStatus away = awaitStageAfter("alpha", StageState.FAILED, generation);
            assertTrue(away.message(), away.message().startsWith("no machine backend 'ephemeral' is installed"));
            assertEquals(alpha, invocation("alpha"));
        } finally {
            example.start();
        }
        Await.service(context, MachineBackend.class, "(" + MachineBackend.NAME + "=ephemeral)");
        // Back: the next commit of alpha is done on the same machine (only the description changed).
        generation = status.tenant("alpha").orElseThrow().generation();
        repo.write("alpha", metadata("alpha", IMAGE, "alpha, backend back", "256M", 100).replace("\"nspawn\"", "\"ephemeral\""));
        repo.commit("alpha: backend back");
        repository.sync();
        awaitStageAfter("alpha", StageState.DONE, generation);
        assertEquals(alpha, invocation("alpha"));

        // Stopping the nspawn bundle stops no machine, of either backend.
        Bundle nspawnBundle = bundle("bbh.nspawn");
        nspawnBundle.stop();
        try {
            assertEquals("active", systemd.activeState("tenant-vm@beta.service"));
            assertEquals(beta, invocation("beta"));
            assertEquals(alpha, invocation("alpha"));
        } finally {
            nspawnBundle.start();
        }
        Await.service(context, MachineBackend.class, "(" + MachineBackend.NAME + "=nspawn)");

        // bundle update of the machine stage while events flow: no tenant is lost, all reach a final state.
        List<String> burst = List.of("c1", "c2", "c3", "c4");
        for (String id : burst) {
            repo.write(id, metadata(id, IMAGE, id, "128M", 100));
        }
        repo.commit("four more");
        Thread sync = new Thread(() -> repository.sync(), "sync");
        sync.start();
        bundle("bbh.machine").update();
        sync.join();
        for (String id : burst) {
            awaitStage(id, StageState.DONE);
        }
        assertEquals(beta, invocation("beta"));
        assertEquals(alpha, invocation("alpha"));
    }

    @Test
    public void aMachineComesBackAtBootFromTheLastPlanWithoutBbh() throws Exception {
        TenantGitRepo repo = TenantGitRepo.init(Scratch.folder("machine-boot-repo"));
        grantNoUserNamespace("boot");
        repo.write("boot", metadata("boot", IMAGE, "comes back", "256M", 100));
        repo.commit("one tenant");
        configurations.add(SourceConfiguration.follow(configurationAdmin, repo.top().toString(), host.root()));
        awaitStage("boot", StageState.DONE);

        // bbh lets go of the host (its bus goes with the reboot anyway), which then boots again.
        configurations.remove(0).delete();
        Await.until(() -> context.getServiceReference(SystemdManager.class) == null ? null : "still connected");
        String bootBefore = host.exec("cat", "/proc/sys/kernel/random/boot_id").requireSuccess().text();
        host.exec("systemctl", "reboot");
        bootAgain(host.name());
        assertNotEquals(bootBefore, host.exec("cat", "/proc/sys/kernel/random/boot_id").requireSuccess().text());

        // machine-generator brought the drop-in back, the .nspawn file stayed in /etc, tenant@'s
        // .wants link started it all: the machine runs with no bbh at all.
        Await.until(() -> {
            String state = host.systemctl("show", "-P", "ActiveState", "tenant-vm@boot.service").stdout().strip();
            return state.equals("active") ? null : "tenant-vm@boot.service is " + state;
        });
        String dropIns = host.systemctl("show", "-P", "DropInPaths", "tenant-vm@boot.service").stdout();
        assertTrue(dropIns, dropIns.contains("/run/systemd/generator/tenant-vm@boot.service.d/60-machine.conf"));
        host.exec("systemd-run", "-M", "boot", "--wait", "-P", "true").requireSuccess();
        assertTrue(host.exec("machinectl", "list", "--no-legend").requireSuccess().stdout().contains("boot"));
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** {@code bin/testhost start NAME --keep}: boots the host again over the overlay its last run left. */
    private static void bootAgain(String name) throws IOException, InterruptedException {
        Path script = Path.of(System.getProperty("bbh.workspace", "..")).toAbsolutePath().normalize().resolve("bin/testhost");
        Process p = new ProcessBuilder(script.toString(), "start", name, "--keep")
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true)
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(2, java.util.concurrent.TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException("bin/testhost start " + name + " --keep failed:\n" + new String(out, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** One command line in a fresh Gogo session: what a console shows of its value, and anything printed. */
    private String console(String commandLine) throws Exception {
        org.apache.felix.service.command.CommandProcessor processor =
                Await.service(context, org.apache.felix.service.command.CommandProcessor.class);
        Await.until(() -> {
            try {
                return context.getAllServiceReferences(null, "(osgi.command.function=machines)") != null ? null : "no bbh:machines";
            } catch (org.osgi.framework.InvalidSyntaxException e) {
                throw new IllegalStateException(e);
            }
        });
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        org.apache.felix.service.command.CommandSession session =
                processor.createSession(java.io.InputStream.nullInputStream(), printed, printed);
        try {
            Object value = session.execute(commandLine);
            CharSequence shown = session.format(value, org.apache.felix.service.command.Converter.INSPECT);
            return shown + printed.toString();
        } finally {
            session.close();
        }
    }

    private static String metadata(String id, String image, String description, String memoryMax, int tasksMax) {
        return """
                {
                  "schemaVersion": 1,
                  "id": "%s",
                  "description": "%s",
                  "backend": "nspawn",
                  "image": { "type": "directory", "name": "%s" },
                  "resources": { "cpuWeight": 50, "memoryMax": "%s", "tasksMax": %d }
                }
                """.formatted(id, description, image, memoryMax, tasksMax);
    }

    private static void ownUnit(TenantGitRepo repo, String id, String name, String text) {
        try {
            Path file = repo.top().resolve("tenants").resolve(id).resolve("systemd").resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void grantNoUserNamespace(String id) throws IOException {
        org.osgi.service.cm.Configuration c = configurationAdmin.createFactoryConfiguration("bbh.nspawn.tenant", "?");
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("tenant", id);
        p.put("privateUsers", "no");
        c.update(p);
        configurations.add(c);
    }

    private void configure(String pid, Map<String, Object> values) throws IOException {
        org.osgi.service.cm.Configuration c = configurationAdmin.getConfiguration(pid, "?");
        c.update(new Hashtable<>(values));
        configurations.add(c);
    }

    /** Waits until the tenant's newest work settled at vm-started in {@code state}. */
    private StageStatus awaitStage(String id, StageState state) {
        return awaitStageAfter(id, state, -1);
    }

    private StageStatus awaitStageAfter(String id, StageState state, long afterGeneration) {
        StageStatus[] seen = new StageStatus[1];
        Await.until(() -> {
            Optional<TenantStatus> t = status.tenant(id);
            if (t.isEmpty() || !t.get().settled() || t.get().generation() <= afterGeneration) {
                return id + ": " + t.orElse(null);
            }
            StageStatus vm = t.get().stage(Stage.VM_STARTED);
            seen[0] = vm;
            return vm.state() == state ? null : id + " at vm-started: " + vm;
        });
        return seen[0];
    }

    private Object invocation(String id) throws SystemdException {
        return systemd.unitProperties("tenant-vm@" + id + ".service").get("InvocationID");
    }

    private Bundle bundle(String name) {
        for (Bundle b : context.getBundles()) {
            if (name.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + name);
    }
}
