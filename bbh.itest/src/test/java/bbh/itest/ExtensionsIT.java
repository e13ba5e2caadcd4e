package bbh.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.junit.Assert.assertTrue;

import bbh.api.pipeline.PipelineEvent;
import bbh.api.pipeline.PipelineTopics;
import bbh.api.pipeline.Stage;
import bbh.api.source.TenantRepository;
import bbh.api.systemd.SystemdManager;
import bbh.itest.host.ExecResult;
import bbh.itest.host.TestHost;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
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
 * bbh.sysext in the framework against a booted systemd (bin/testhost, with the host's loop devices
 * bound in so that its systemd-sysext can attach images): the operator-wide extension is merged on
 * the host and systemd-sysext's status confirms it, an update switches it, a tenant's extension is
 * staged in the tenant's folder, and a tenant whose tree breaks a rule fails validation while its
 * images stay.
 *
 * <p>The second test runs tenants' machines (bbh.machine, bbh.nspawn): each machine merges only its
 * own extension, at its boot and, after an update, by a refresh inside it that the stage confirms.
 * The real network-up stage (bbh.network) runs before overlay-mounted; these tenants have no
 * network, so it writes nothing for them.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ExtensionsIT {

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] config() {
        return options(composite(BbhOptions.bbhRuntime()), BbhOptions.networkStage());
    }

    @Test
    public void hostAndTenantExtensions() throws Exception {
        Assume.assumeTrue(TestHost.unavailableReason().orElse(""), TestHost.available());
        List<String> loops = loopBinds();
        org.osgi.service.cm.Configuration network = configurationAdmin.getConfiguration("bbh.network", "?");
        org.osgi.service.cm.Configuration bus = configurationAdmin.getConfiguration("bbh.systemd", "?");
        org.osgi.service.cm.Configuration sysext = configurationAdmin.getConfiguration("bbh.sysext", "?");
        org.osgi.service.cm.Configuration source = null;
        PipelineEventQueue events = PipelineEventQueue.subscribe(context);
        try (TestHost host = TestHost.start("bbh-it-" + ProcessHandle.current().pid() + "-ext", loops)) {
            network.update(networkFolder(host));
            Hashtable<String, Object> b = new Hashtable<>();
            b.put("bus", host.busAddress());
            bus.update(b);
            Hashtable<String, Object> s = new Hashtable<>();
            s.put("hostSysext", new String[] {"debug-tools"});
            s.put("root", host.root().toString());
            sysext.update(s);

            TenantGitRepo repo = TenantGitRepo.init(Scratch.folder("ext-repo"));
            repo.write("acme", metadata("acme"));
            tenantTree(repo.top(), "1");
            hostTree(repo.top(), "1", "first\n");
            repo.commit("acme with tools, debug-tools for the host");
            source = SourceConfiguration.follow(configurationAdmin, repo.top().toString(), host.root());

            // The tenant's image is in its folder (its machine does not run: staged and verified).
            events.awaitAll(PipelineTopics.OVERLAY_MOUNTED, List.of("acme"));
            Path acme = host.root().resolve("var/lib/tenants/acme/extensions/sysext");
            assertTrue(Files.isRegularFile(acme.resolve("tools.raw")));
            assertTrue(Files.readString(acme.resolve("SHA256SUMS")).contains("tools_1_"));

            // The host's: merged, and systemd-sysext inside the booted host says so.
            Await.until(() -> merged(host, "first\n"));
            assertTrue(host.exec("systemd-sysext", "status", "--json=short").stdout().contains("\"debug-tools\""));
            // At boot the host merges them before bbh runs: mount-generator wants systemd-sysext.service.
            Await.until(() -> host.exec("test", "-L", "/run/systemd/generator/sysinit.target.wants/systemd-sysext.service")
                    .succeeded() ? null : "mount-generator did not emit sysinit.target.wants/systemd-sysext.service");
            String ext = run("bbh:ext host");
            assertTrue(ext, ext.contains("sysext debug-tools = debug-tools_1_"));
            assertTrue(ext, ext.contains("merged on the host, confirmed by systemd-sysext status"));

            // An update of the operator-wide tree alone: a new commit, no tenant changed.
            hostTree(repo.top(), "2", "second\n");
            repo.commit("debug-tools 2");
            TenantRepository repository = Await.service(context, TenantRepository.class);
            assertEquals(List.of(), repository.sync().changed());
            Await.until(() -> merged(host, "second\n"));

            // A tenant tree that breaks a rule: invalid at validation, its image stays.
            byte[] before = Files.readAllBytes(acme.resolve("tools.raw"));
            Files.createSymbolicLink(repo.top().resolve("tenants/acme/extensions/tools/usr/share/tools/passwd"),
                    Path.of("../../../../../metadata.json"));
            String bad = repo.commit("acme: an escaping symlink");
            assertEquals(List.of("acme"), repository.sync().changed());
            // acme has no machine image, so earlier commits failed at vm-started: wait for this commit's failure.
            PipelineEvent f;
            do {
                f = events.awaitAll(PipelineTopics.FAILED, List.of("acme")).stream()
                        .filter(e -> e.topic().equals(PipelineTopics.FAILED)).reduce((first, last) -> last).orElseThrow();
            } while (!f.commit().equals(bad));
            assertEquals(f.error(), Stage.VALIDATED, f.stage());
            assertTrue(f.error(), f.error().contains("tenants/acme/extensions/tools/usr/share/tools/passwd: tenant acme: "
                    + "extensions[0]: symlink to '../../../../../metadata.json' leaves the extension's tree"));
            assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(acme.resolve("tools.raw"))));
        } finally {
            events.close();
            network.delete();
            if (source != null) {
                source.delete();
            }
            sysext.delete();
            bus.delete();
        }
    }

    @Test
    public void eachMachineMergesOnlyItsOwnExtensionAndAnUpdateIsRefreshedInside() throws Exception {
        Assume.assumeTrue(TestHost.unavailableReason().orElse(""), TestHost.available());
        List<org.osgi.service.cm.Configuration> configurations = new ArrayList<>();
        org.osgi.service.cm.Configuration source = null;
        PipelineEventQueue events = PipelineEventQueue.subscribe(context);
        TestHost host = TestHost.start("ext-it-" + ProcessHandle.current().pid() + "-machines", loopBinds());
        try {
            configurations.add(configure("bbh.network", networkFolder(host)));
            configurations.add(configure("bbh.systemd", Map.of("bus", host.busAddress())));
            // The machines are Debian: a release file may name it (the failure fixture below does).
            configurations.add(configure("bbh.sysext", Map.of("machineOsIds", new String[] {"debian"})));
            // The operator lets both machines attach loop devices, which systemd-sysext needs to
            // merge an image inside: PrivateUsers=no (the kernel mounts no squashfs in a user
            // namespace) and the test host's loop device nodes bound in (docs/extensions.md).
            List<String> nodes = loopNodes(host);
            for (String id : List.of("alpha", "beta")) {
                configurations.add(grant(id, nodes));
            }
            SystemdManager systemd = Await.service(context, SystemdManager.class);

            TenantGitRepo repo = TenantGitRepo.init(Scratch.folder("ext-machines-repo"));
            repo.write("alpha", machineMetadata("alpha", "tools"));
            machineTree(repo.top(), "alpha", "tools", "ID=_any\nSYSEXT_VERSION_ID=1\n", "1\n");
            repo.write("beta", machineMetadata("beta", "kit"));
            machineTree(repo.top(), "beta", "kit", "ID=_any\nSYSEXT_VERSION_ID=1\n", "1\n");
            repo.commit("alpha with tools, beta with kit");
            source = SourceConfiguration.follow(configurationAdmin, repo.top().toString(), host.root());

            // First commit: the machines did not run when the images were switched; each merged its
            // own at boot (systemd-sysext.service, pulled in on the container's command line).
            events.awaitAll(PipelineTopics.VM_STARTED, List.of("alpha", "beta"));
            // bbh asks each machine afterwards what it merged (and refreshes once if the merge at boot
            // did not take: systemd-sysext.service ends well even when it could not attach an image).
            for (String id : List.of("alpha", "beta")) {
                Await.until(() -> {
                    String ext = console("bbh:ext " + id);
                    return ext.contains("merged by machine " + id + " at its boot, confirmed: systemd-sysext status inside lists")
                            || ext.contains("merged by machine " + id + " by a refresh after its boot") ? null : ext;
                });
            }
            assertSees(host, "alpha", "/usr/share/tools/version", "1\n");
            assertSees(host, "beta", "/usr/share/kit/version", "1\n");
            assertFalse("beta sees alpha's extension", inMachine(host, "beta", "test", "-e", "/usr/share/tools").succeeded());
            assertFalse("alpha sees beta's extension", inMachine(host, "alpha", "test", "-e", "/usr/share/kit").succeeded());
            assertFalse("the host sees a tenant's extension", host.exec("test", "-e", "/usr/share/tools").succeeded());

            // An update while the machine runs: the new version is switched in and refreshed inside,
            // and the stage confirms it from inside; the machine is not restarted.
            Object invocation = systemd.unitProperties("tenant-vm@alpha.service").get("InvocationID");
            machineTree(repo.top(), "alpha", "tools", "ID=_any\nSYSEXT_VERSION_ID=2\n", "2\n");
            String second = repo.commit("alpha: tools 2");
            TenantRepository repository = Await.service(context, TenantRepository.class);
            assertEquals(List.of("alpha"), repository.sync().changed());
            events.awaitAll(PipelineTopics.VM_STARTED, List.of("alpha"));
            assertSees(host, "alpha", "/usr/share/tools/version", "2\n");
            assertEquals(invocation, systemd.unitProperties("tenant-vm@alpha.service").get("InvocationID"));
            String ext = console("bbh:ext alpha");
            assertTrue(ext, ext.contains("tools = tools_2_") && ext.contains("refreshed inside running machine alpha, confirmed: "
                    + "systemd-sysext status inside lists [tools], release files as switched"));
            assertSees(host, "beta", "/usr/share/kit/version", "1\n");

            // git revert: the earlier tree id comes back, and with it the cached image, not rebuilt.
            Path cache = host.root().resolve("var/lib/bbh/sysext/cache");
            List<String> cached = list(cache);
            repo.revert(second);
            assertEquals(List.of("alpha"), repository.sync().changed());
            events.awaitAll(PipelineTopics.VM_STARTED, List.of("alpha"));
            assertEquals(cached, list(cache));
            assertSees(host, "alpha", "/usr/share/tools/version", "1\n");
            assertTrue(console("bbh:ext alpha").contains("tools = tools_1_"));

            // A version the machine's systemd-sysext will not merge (another Debian release): the
            // refresh runs, the check from inside finds it missing, the stage fails with the reason,
            // the images before come back and are merged again.
            machineTree(repo.top(), "alpha", "tools", "ID=debian\nVERSION_ID=11\nSYSEXT_VERSION_ID=3\n", "3\n");
            repo.commit("alpha: tools 3 for Debian 11");
            assertEquals(List.of("alpha"), repository.sync().changed());
            PipelineEvent failed = events.awaitAll(PipelineTopics.FAILED, List.of("alpha")).stream()
                    .filter(e -> e.topic().equals(PipelineTopics.FAILED)).findFirst().orElseThrow();
            assertEquals(Stage.OVERLAY_MOUNTED, failed.stage());
            assertTrue(failed.error(), failed.error().contains("refreshing the images inside machine alpha failed: 'tools' is not merged"
                    + " inside the machine"));
            assertTrue(failed.error(), failed.error().contains("switched back to the images before and refreshed machine alpha onto them"));
            assertSees(host, "alpha", "/usr/share/tools/version", "1\n");
            assertNotEquals(null, systemd.unitProperties("tenant-vm@alpha.service").get("InvocationID"));
            assertEquals(invocation, systemd.unitProperties("tenant-vm@alpha.service").get("InvocationID"));
        } finally {
            // bbh lets go of the host while it still runs, then the host stops.
            events.close();
            if (source != null) {
                source.delete();
            }
            for (org.osgi.service.cm.Configuration c : configurations) {
                c.delete();
            }
            host.close();
        }
    }

    /** The machine shows {@code text} in {@code file}; else fails with what its systemd-sysext logged. */
    private static void assertSees(TestHost host, String machine, String file, String text) {
        ExecResult seen = inMachine(host, machine, "cat", file);
        if (!seen.stdout().equals(text)) {
            throw new AssertionError("machine " + machine + " shows " + seen.describe() + " in " + file + ", expected '" + text
                    + "'; its systemd-sysext:\n" + inMachine(host, machine, "journalctl", "--no-pager", "-b", "-u", "systemd-sysext",
                    "-o", "cat").stdout() + inMachine(host, machine, "ls", "-l", "/dev", "/var/lib/extensions").stdout());
        }
    }

    /** {@code systemd-run -M <machine> --wait -P -q CMD...} in the test host: a command inside the tenant's machine. */
    private static ExecResult inMachine(TestHost host, String machine, String... command) {
        List<String> line = new ArrayList<>(List.of("systemd-run", "-M", machine, "--wait", "-P", "-q"));
        line.addAll(List.of(command));
        return host.exec(line.toArray(String[]::new));
    }

    /** The test host's loop device nodes that still name a device (a node whose device went is unlinked). */
    private static List<String> loopNodes(TestHost host) {
        String out = host.exec("sh", "-c", "for n in /dev/loop-control /dev/loop[0-9]*; do "
                + "[ \"$(stat -c %h \"$n\")\" != 0 ] && echo \"$n\"; done; true").requireSuccess().stdout();
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    private org.osgi.service.cm.Configuration grant(String id, List<String> deviceNodes) throws IOException {
        org.osgi.service.cm.Configuration c = configurationAdmin.createFactoryConfiguration("bbh.nspawn.tenant", "?");
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("tenant", id);
        p.put("privateUsers", "no");
        p.put("binds", deviceNodes.stream().map(n -> n + ":" + n).toArray(String[]::new));
        c.update(p);
        return c;
    }

    private org.osgi.service.cm.Configuration configure(String pid, Map<String, Object> values) throws IOException {
        org.osgi.service.cm.Configuration c = configurationAdmin.getConfiguration(pid, "?");
        c.update(new Hashtable<>(values));
        return c;
    }

    /** bbh.network's files go to the test host's own /run (a tmpfs apart from the root on disk). */
    private static Hashtable<String, Object> networkFolder(TestHost host) {
        Hashtable<String, Object> n = new Hashtable<>();
        n.put("folder", host.runDir().resolve("systemd/network").toString());
        return n;
    }

    /** The host's loop devices bound into the test host, so that systemd-sysext there can attach images. */
    private static List<String> loopBinds() {
        List<String> loops = new ArrayList<>(List.of("--bind=/dev/loop-control"));
        for (int i = 0; i < 8; i++) {
            if (Files.exists(Path.of("/dev/loop" + i))) {
                loops.add("--bind=/dev/loop" + i);
            }
        }
        return loops;
    }

    private static List<String> list(Path folder) throws IOException {
        try (java.util.stream.Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void machineTree(Path top, String id, String name, String release, String version) {
        write(top, "tenants/" + id + "/extensions/" + name + "/usr/lib/extension-release.d/extension-release." + name, release);
        write(top, "tenants/" + id + "/extensions/" + name + "/usr/share/" + name + "/version", version);
    }

    private static String machineMetadata(String id, String extension) {
        return """
                {
                  "schemaVersion": 1,
                  "id": "%s",
                  "backend": "nspawn",
                  "image": { "type": "directory", "name": "debian-12" },
                  "resources": { "memoryMax": "512M", "tasksMax": 200 },
                  "extensions": [ { "name": "%s", "type": "sysext" } ]
                }
                """.formatted(id, extension);
    }

    /** Null when the host's merged /usr shows the debug-tools file with {@code text}. */
    private static String merged(TestHost host, String text) {
        String seen = host.exec("cat", "/usr/share/debug-tools/version").stdout();
        return seen.equals(text) ? null : "host's /usr/share/debug-tools/version is '" + seen + "', expected '" + text + "'";
    }

    private static void tenantTree(Path top, String version) {
        write(top, "tenants/acme/extensions/tools/usr/lib/extension-release.d/extension-release.tools",
                "ID=_any\nSYSEXT_VERSION_ID=" + version + "\n");
        write(top, "tenants/acme/extensions/tools/usr/share/tools/version", version + "\n");
    }

    private static void hostTree(Path top, String version, String text) {
        // The host is Debian 12: a release file naming it, as systemd-sysext checks on merge.
        write(top, "extensions/debug-tools/usr/lib/extension-release.d/extension-release.debug-tools",
                "ID=debian\nVERSION_ID=12\nSYSEXT_VERSION_ID=" + version + "\n");
        write(top, "extensions/debug-tools/usr/share/debug-tools/version", text);
    }

    private static void write(Path top, String rel, String text) {
        try {
            Path p = top.resolve(rel);
            Files.createDirectories(p.getParent());
            Files.writeString(p, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String console(String commandLine) {
        try {
            return run(commandLine);
        } catch (Exception e) {
            throw new IllegalStateException(commandLine + ": " + e.getMessage(), e);
        }
    }

    private String run(String commandLine) throws Exception {
        CommandProcessor processor = Await.service(context, CommandProcessor.class);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        CommandSession session = processor.createSession(InputStream.nullInputStream(), printed, printed);
        try {
            Object value = session.execute(commandLine);
            return session.format(value, Converter.INSPECT) + "\n" + printed;
        } finally {
            session.close();
        }
    }

    private static String metadata(String id) {
        return """
                {
                  "schemaVersion": 1,
                  "id": "%s",
                  "backend": "nspawn",
                  "resources": { "memoryMax": "1G", "tasksMax": 64 },
                  "extensions": [ { "name": "tools", "type": "sysext" } ]
                }
                """.formatted(id);
    }
}
