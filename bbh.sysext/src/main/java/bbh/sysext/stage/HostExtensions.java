package bbh.sysext.stage;

import bbh.api.source.RepositoryContent;
import bbh.api.source.RepositoryFiles;
import bbh.api.source.SourceTopics;
import bbh.api.source.TenantRepository;
import bbh.api.stage.HostLayout;
import bbh.api.systemd.JobResult;
import bbh.api.systemd.SystemdException;
import bbh.api.systemd.SystemdManager;
import bbh.sysext.image.BuiltImage;
import bbh.sysext.image.ImageCache;
import bbh.sysext.image.SquashfsBuilder;
import bbh.sysext.place.ExtensionFolder;
import bbh.sysext.tree.ExtensionType;
import bbh.sysext.tree.HostTarget;
import bbh.sysext.tree.TargetSystem;
import bbh.sysext.tree.TreeCheck;
import bbh.sysext.tree.TreeProblem;
import bbh.tenant.snapshot.UnitSnapshots;
import bbh.tenant.unit.RenderedTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator-wide extensions merged on the host: the trees {@code extensions/<name>/} at the
 * repository's top that the operator names in PID {@value SysextConfig#PID} ({@code hostSysext},
 * {@code hostConfext}; tenants cannot). On every applied commit ({@link SourceTopics#COMMIT_APPLIED})
 * and on start, each is checked against the host's own os-release, built through the image cache,
 * switched atomically in the host's {@code /var/lib/extensions} (or {@code /var/lib/confexts}),
 * merged again with {@code systemd-sysext refresh}, and confirmed by systemd-sysext's own status.
 * A tree with a problem changes nothing of its type: the images in force stay.
 *
 * <p>Configuration extensions need systemd-confext, systemd 254 or later: on an older host they
 * are not merged (nor staged), and {@code bbh:ext} says why.
 */
@Component(immediate = true, configurationPid = SysextConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = {EventHandler.class, ExtensionStatus.class},
        property = EventConstants.EVENT_TOPIC + "=" + SourceTopics.COMMIT_APPLIED)
@Designate(ocd = SysextConfig.class)
public final class HostExtensions implements EventHandler, ExtensionStatus {

    /** The key of the host's note. */
    public static final String HOST = "host";

    private static final Logger LOG = LoggerFactory.getLogger(HostExtensions.class);
    private static final Duration REFRESH_TIMEOUT = Duration.ofSeconds(120);
    /** systemd-confext appeared in this version. */
    static final int CONFEXT_SINCE = 254;

    @Reference
    private RepositoryContent content;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL)
    private TenantRepository repository;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile SystemdManager systemd;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL)
    private ConfigurationAdmin configurationAdmin;

    private HostLayout host;
    private List<String> sysextNames;
    private List<String> confextNames;
    private String architecture;
    private SquashfsBuilder builder;
    private ExecutorService worker;
    private final Map<String, Note> notes = new ConcurrentHashMap<>();
    private volatile List<String> problems = List.of();

    @Activate
    void activate(SysextConfig config) {
        host = ConfiguredHost.of(config, configurationAdmin);
        sysextNames = List.copyOf(Arrays.asList(config.hostSysext()));
        confextNames = List.copyOf(Arrays.asList(config.hostConfext()));
        architecture = config.architecture().isBlank() ? TargetSystem.hostArchitecture() : config.architecture().strip();
        builder = new SquashfsBuilder(config.mksquashfs());
        worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "bbh-host-extensions");
            t.setDaemon(true);
            return t;
        });
        // A configuration change re-activates this component: apply it to the commit in force.
        if (repository != null) {
            repository.lastSync().filter(s -> s.ok() && s.commit() != null)
                    .ifPresent(s -> submit(s.commit(), s.generation()));
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        worker.shutdownNow();
        worker.awaitTermination(30, TimeUnit.SECONDS);
    }

    @Override
    public void handleEvent(Event event) {
        Object commit = event.getProperty(SourceTopics.COMMIT);
        Object generation = event.getProperty(SourceTopics.GENERATION);
        if (commit instanceof String c) {
            submit(c, generation instanceof Number n ? n.longValue() : 0);
        }
    }

    private void submit(String commit, long generation) {
        worker.execute(() -> {
            try {
                apply(commit);
                bootMerge(generation);
            } catch (RuntimeException e) {
                LOG.error("host extensions at {} crashed", commit, e);
            }
        });
    }

    /** Brings the host's merges to {@code commit}; one at a time, on the worker thread. */
    void apply(String commit) {
        if (sysextNames.isEmpty() && confextNames.isEmpty() && !bbhImagesIn(host.root().resolve("var/lib/extensions"))) {
            notes.put(HOST, new Note(Instant.now(), commit, "no host extensions declared (" + SysextConfig.PID + ")"));
            return;
        }
        RepositoryFiles files;
        try {
            files = content.at(commit).orElse(null);
        } catch (IOException e) {
            LOG.warn("host extensions: {}", e.getMessage());
            return;
        }
        if (files == null) {
            return;
        }
        List<String> found = new ArrayList<>();
        StringBuilder merged = new StringBuilder();
        merged.append("sysext: ").append(applyType(files, ExtensionType.SYSEXT, sysextNames, found));
        if (!confextNames.isEmpty()) {
            merged.append("; confext: ").append(applyType(files, ExtensionType.CONFEXT, confextNames, found));
        }
        problems = List.copyOf(found);
        found.forEach(p -> LOG.warn("host extension: {}", p));
        notes.put(HOST, new Note(Instant.now(), commit, merged.toString()));
    }

    private String applyType(RepositoryFiles files, ExtensionType type, List<String> names, List<String> found) {
        SystemdManager sm = systemd;
        if (type == ExtensionType.CONFEXT && sm != null) {
            try {
                String version = sm.version();
                if (RefreshUnits.major(version) < CONFEXT_SINCE) {
                    return "not merged: systemd-confext needs systemd " + CONFEXT_SINCE + " or later, this host has " + version;
                }
            } catch (SystemdException e) {
                return "not merged: cannot read systemd's version: " + e.getMessage();
            }
        }
        TargetSystem target = hostTarget();
        ImageCache cache = new ImageCache(host.bbhState().resolve("sysext/cache"), builder);
        List<BuiltImage> images = new ArrayList<>();
        for (String name : names) {
            String tree = "extensions/" + name;
            List<TreeProblem> p = TreeCheck.check(files, tree, name, type, target);
            if (!p.isEmpty()) {
                p.forEach(x -> found.add(x.toString()));
                continue;
            }
            try {
                images.add(cache.image(files, tree, name, type));
            } catch (IOException e) {
                found.add(tree + ": cannot build its image: " + e.getMessage());
            }
        }
        if (!found.isEmpty()) {
            return "unchanged: " + found.size() + " problem(s), the images in force stay";
        }
        ExtensionFolder folder = new ExtensionFolder(host.root().resolve(
                type == ExtensionType.SYSEXT ? "var/lib/extensions" : "var/lib/confexts"));
        ExtensionFolder.Switch sw;
        try {
            sw = folder.apply(images);
        } catch (IOException e) {
            return "unchanged: cannot put the images in " + folder.folder() + ": " + e.getMessage();
        }
        try {
            List<String> wrong = folder.verify(names);
            if (!wrong.isEmpty()) {
                throw new IOException(String.join("; ", wrong));
            }
            String how = sw.changed().isEmpty() && sm != null ? confirm(sm, type, names, false) : confirm(sm, type, names, true);
            sw.confirm();
            return how;
        } catch (IOException | SystemdException e) {
            try {
                sw.rollback();
                if (sm != null && !sw.changed().isEmpty()) {
                    confirm(sm, type, List.of(), true);
                }
            } catch (IOException | SystemdException again) {
                e.addSuppressed(again);
            }
            found.add(folder.folder() + ": " + e.getMessage() + "; switched back to the images before");
            return "switched back: " + e.getMessage();
        }
    }

    /**
     * Refreshes (when asked) and reads systemd-sysext's status; every name must be merged. Without
     * a reachable systemd the images are only staged, and that is what is said.
     */
    private String confirm(SystemdManager sm, ExtensionType type, List<String> names, boolean refresh)
            throws IOException, SystemdException {
        if (sm == null) {
            return "staged and verified in " + folderOf(type) + "; no systemd reachable to merge them";
        }
        String unit = type == ExtensionType.SYSEXT ? RefreshUnits.HOST_SYSEXT : RefreshUnits.HOST_CONFEXT;
        Path status = host.root().resolve(RefreshUnits.STATUS_FOLDER)
                .resolve(type == ExtensionType.SYSEXT ? "status.json" : "confext-status.json");
        if (refresh || !Files.isRegularFile(status)) {
            if (RefreshUnits.install(host)) {
                sm.reload();
            }
            JobResult r = sm.start(unit, REFRESH_TIMEOUT);
            if (!r.done()) {
                throw new IOException(unit + " ended with '" + r.result() + "' (journalctl -u " + unit + ")");
            }
        }
        Map<String, List<String>> merged = SysextStatus.parse(Files.readString(status, StandardCharsets.UTF_8));
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            if (merged.values().stream().noneMatch(l -> l.contains(name))) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new IOException("systemd-" + type.id() + " status does not list " + missing + " as merged: " + merged);
        }
        return "merged on the host, confirmed by systemd-" + type.id() + " status: " + merged;
    }

    /**
     * What brings the host's merges back at boot, before bbh runs: systemd-sysext.service pulled in
     * by sysinit.target, written as the host-wide snapshot that mount-generator copies into
     * {@code /run/systemd/generator} (docs/generators.md). Debian ships the service disabled; bbh
     * writes no /etc, so it wants it through the generator, and only while host extensions are
     * declared. systemd-confext.service (254 and later) likewise.
     */
    private void bootMerge(long generation) {
        RenderedTree tree = new RenderedTree();
        if (!sysextNames.isEmpty()) {
            tree.symlink("sysinit.target.wants/systemd-sysext.service", "/usr/lib/systemd/system/systemd-sysext.service");
        }
        SystemdManager sm = systemd;
        try {
            if (!confextNames.isEmpty() && sm != null && RefreshUnits.major(sm.version()) >= CONFEXT_SINCE) {
                tree.symlink("sysinit.target.wants/systemd-confext.service", "/usr/lib/systemd/system/systemd-confext.service");
            }
            UnitSnapshots mounts = UnitSnapshots.mounts(host);
            if (tree.entries().isEmpty() && mounts.readHost().isEmpty()) {
                return; // nothing declared, nothing written before: leave the state folder alone
            }
            if (mounts.writeHost(generation, tree) && sm != null) {
                sm.reload();
            }
        } catch (IOException | SystemdException e) {
            LOG.warn("cannot write the host's boot-time merge for mount-generator: {}", e.getMessage());
        }
    }

    private String folderOf(ExtensionType type) {
        return type == ExtensionType.SYSEXT ? "/var/lib/extensions" : "/var/lib/confexts";
    }

    /** The host's os-release ID and VERSION_ID, and the configured architecture. */
    private TargetSystem hostTarget() {
        return HostTarget.read(host.root(), architecture);
    }

    private static boolean bbhImagesIn(Path folder) {
        return Files.isRegularFile(folder.resolve(ExtensionFolder.MANIFEST));
    }

    @Override
    public Map<String, Note> notes() {
        return Map.copyOf(notes);
    }

    @Override
    public List<String> problems() {
        return problems;
    }
}
