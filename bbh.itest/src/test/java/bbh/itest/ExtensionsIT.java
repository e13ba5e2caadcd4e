package bbh.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import bbh.api.pipeline.PipelineEvent;
import bbh.api.pipeline.PipelineTopics;
import bbh.api.pipeline.Stage;
import bbh.api.source.TenantRepository;
import bbh.api.stage.HostLayout;
import bbh.api.stage.NetworkStage;
import bbh.api.stage.TenantWork;
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
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * bbh.sysext in the framework against a booted systemd (bin/testhost, with the host's loop devices
 * bound in so that its systemd-sysext can attach images): the operator-wide extension is merged on
 * the host and systemd-sysext's status confirms it, an update switches it, a tenant's extension is
 * staged in the tenant's folder, and a tenant whose tree breaks a rule fails validation while its
 * images stay.
 *
 * <p>The network-up stage comes before overlay-mounted; its bundle is not part of this runtime yet,
 * so this test registers a provider that does nothing for it, clearly named, to reach the stage.
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
        return BbhOptions.bbhRuntime();
    }

    /** Stands in for the network-up stage this runtime lacks: brings nothing up, says so by its name. */
    static final class NoNetworkInThisTest implements NetworkStage {
        @Override
        public void apply(TenantWork work) {}

        @Override
        public void remove(String tenantId, HostLayout host) {}
    }

    @Test
    public void hostAndTenantExtensions() throws Exception {
        Assume.assumeTrue(TestHost.unavailableReason().orElse(""), TestHost.available());
        List<String> loops = new ArrayList<>(List.of("--bind=/dev/loop-control"));
        for (int i = 0; i < 8; i++) {
            if (Files.exists(Path.of("/dev/loop" + i))) {
                loops.add("--bind=/dev/loop" + i);
            }
        }
        org.osgi.service.cm.Configuration bus = configurationAdmin.getConfiguration("bbh.systemd", "?");
        org.osgi.service.cm.Configuration sysext = configurationAdmin.getConfiguration("bbh.sysext", "?");
        org.osgi.service.cm.Configuration source = null;
        ServiceRegistration<NetworkStage> network = context.registerService(NetworkStage.class, new NoNetworkInThisTest(), null);
        PipelineEventQueue events = PipelineEventQueue.subscribe(context);
        try (TestHost host = TestHost.start("bbh-it-" + ProcessHandle.current().pid() + "-ext", loops)) {
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
            repo.commit("acme: an escaping symlink");
            assertEquals(List.of("acme"), repository.sync().changed());
            List<PipelineEvent> failed = events.awaitAll(PipelineTopics.FAILED, List.of("acme"));
            PipelineEvent f = failed.stream().filter(e -> e.topic().equals(PipelineTopics.FAILED)).findFirst().orElseThrow();
            assertEquals(Stage.VALIDATED, f.stage());
            assertTrue(f.error(), f.error().contains("tenants/acme/extensions/tools/usr/share/tools/passwd: tenant acme: "
                    + "extensions[0]: symlink to '../../../../../metadata.json' leaves the extension's tree"));
            assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(acme.resolve("tools.raw"))));
        } finally {
            events.close();
            network.unregister();
            if (source != null) {
                source.delete();
            }
            sysext.delete();
            bus.delete();
        }
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
