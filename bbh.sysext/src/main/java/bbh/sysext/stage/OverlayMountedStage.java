package bbh.sysext.stage;

import bbh.api.pipeline.PipelineEventKeys;
import bbh.api.pipeline.PipelineTopics;
import bbh.api.source.RepositoryContent;
import bbh.api.source.RepositoryFiles;
import bbh.api.stage.HostLayout;
import bbh.api.stage.OverlayStage;
import bbh.api.stage.StageException;
import bbh.api.stage.TenantWork;
import bbh.api.systemd.JobResult;
import bbh.api.systemd.SystemdException;
import bbh.api.systemd.SystemdManager;
import bbh.api.tenant.TenantSpec;
import bbh.sysext.image.BuiltImage;
import bbh.sysext.image.ImageCache;
import bbh.sysext.image.SquashfsBuilder;
import bbh.sysext.place.ExtensionFolder;
import bbh.sysext.tree.ExtensionTreeRule;
import bbh.sysext.tree.ExtensionType;
import bbh.sysext.tree.TargetSystem;
import bbh.sysext.tree.TreeCheck;
import bbh.sysext.tree.TreeProblem;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * The overlay-mounted stage: builds each extension of a tenant from its tree at the work's commit
 * (through the content-addressed {@link ImageCache}), switches the images atomically in the
 * tenant's folders {@link HostLayout#tenantSysext} and {@link HostLayout#tenantConfext} (which the
 * machine backend binds at the machine's {@code /var/lib/extensions} and {@code /var/lib/confexts}),
 * then confirms: the images are verified against their SHA-256, and when the tenant's machine runs,
 * its own systemd-sysext refreshes them ({@code bbh-sysext-refresh@<id>.service}). A failed
 * confirmation switches back to the images before and fails the stage with the reason.
 *
 * <p>The tenant's extensions overlay only its own machine: the images never reach the host's
 * {@code /usr}.
 */
@Component(configurationPid = SysextConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = {OverlayStage.class, ExtensionStatus.class, EventHandler.class},
        property = EventConstants.EVENT_TOPIC + "=" + PipelineTopics.VM_STARTED)
public final class OverlayMountedStage implements OverlayStage, ExtensionStatus, EventHandler {

    /** How a note starts while the machine did not run when the images were switched. */
    static final String STAGED_NOT_RUNNING = "staged and verified; machine not running";

    @Reference
    private RepositoryContent content;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile SystemdManager systemd;

    private volatile TargetSystem target = ExtensionTreeRule.machineTarget(List.of(), "");
    private volatile SquashfsBuilder builder = new SquashfsBuilder("mksquashfs");
    private final Map<String, Note> notes = new ConcurrentHashMap<>();
    private final BootMergeCheck bootCheck = new BootMergeCheck();

    /** For Declarative Services. */
    public OverlayMountedStage() {}

    /** For tests: the collaborators by hand. */
    OverlayMountedStage(RepositoryContent content, SystemdManager systemd, TargetSystem target) {
        this.content = content;
        this.systemd = systemd;
        this.target = target;
    }

    @Activate
    void activate(SysextConfig config) {
        target = ExtensionTreeRule.machineTarget(Arrays.asList(config.machineOsIds()), config.architecture());
        builder = new SquashfsBuilder(config.mksquashfs());
    }

    @Deactivate
    void deactivate() {
        bootCheck.close();
    }

    /** VM_STARTED: images staged while the machine was not running are confirmed from inside it now. */
    @Override
    public void handleEvent(Event event) {
        if (event.getProperty(PipelineEventKeys.TENANT_ID) instanceof String id
                && event.getProperty(PipelineEventKeys.COMMIT) instanceof String commit) {
            bootCheck.machineStarted(id, commit, () -> systemd, this::noteBootMerge);
        }
    }

    @Override
    public void apply(TenantWork work) throws StageException {
        TenantSpec spec = work.spec();
        String id = spec.id();
        HostLayout host = work.host();
        RepositoryFiles files = filesAt(work.commit());
        ImageCache cache = new ImageCache(host.bbhState().resolve("sysext/cache"), builder);
        List<BuiltImage> sysext = new ArrayList<>();
        List<BuiltImage> confext = new ArrayList<>();
        List<MachineMerge.Expected> expected = new ArrayList<>();
        for (TenantSpec.Extension ext : spec.extensions()) {
            ExtensionType type = ExtensionType.of(ext.type());
            String tree = ExtensionTreeRule.treeOf(id, ext.name());
            // Validation ran these checks on the same commit; a plain folder may have changed since.
            List<TreeProblem> problems = TreeCheck.check(files, tree, ext.name(), type, target);
            if (!problems.isEmpty()) {
                throw new StageException("extension " + ext.name() + ": " + problems.stream().map(TreeProblem::toString)
                        .collect(Collectors.joining("; ")) + "; the images in force stay");
            }
            try {
                BuiltImage image = cache.image(files, tree, ext.name(), type);
                (type == ExtensionType.SYSEXT ? sysext : confext).add(image);
                if (type == ExtensionType.SYSEXT) {
                    expected.add(new MachineMerge.Expected(ext.name(), releaseSha256(files, tree, ext.name(), type)));
                }
            } catch (IOException e) {
                throw new StageException("extension " + ext.name() + ": cannot build its image: " + e.getMessage()
                        + "; the images in force stay", e);
            }
        }
        ExtensionFolder sysFolder = new ExtensionFolder(host.tenantSysext(id));
        ExtensionFolder confFolder = new ExtensionFolder(host.tenantConfext(id));
        ExtensionFolder.Switch sysSwitch;
        ExtensionFolder.Switch confSwitch;
        try {
            sysSwitch = sysFolder.apply(sysext);
            try {
                confSwitch = confFolder.apply(confext);
            } catch (IOException e) {
                sysSwitch.rollback();
                throw e;
            }
        } catch (IOException e) {
            throw new StageException("cannot put the images in " + host.tenantState(id).resolve("extensions") + ": "
                    + e.getMessage(), e);
        }
        String merged;
        boolean changed;
        boolean[] refreshed = {false};
        try {
            List<String> wrong = new ArrayList<>(sysFolder.verify(names(sysext)));
            wrong.addAll(confFolder.verify(names(confext)));
            if (!wrong.isEmpty()) {
                throw new StageException("the switched images do not verify: " + String.join("; ", wrong));
            }
            changed = !sysSwitch.changed().isEmpty() || !confSwitch.changed().isEmpty();
            List<String> gone = new ArrayList<>(sysSwitch.changed());
            gone.removeAll(names(sysext));
            merged = changed ? refresh(id, host, expected, gone, refreshed) : unchanged(id);
        } catch (StageException | IOException | RuntimeException e) {
            String back = "switched back to the images before";
            try {
                sysSwitch.rollback();
                confSwitch.rollback();
                if (refreshed[0]) {
                    back += refreshBack(id, host);
                }
            } catch (IOException rollback) {
                e.addSuppressed(rollback);
            }
            if (e instanceof StageException s) {
                throw new StageException(s.getMessage() + "; " + back, s);
            }
            throw new StageException("cannot confirm the new images: " + e.getMessage() + "; " + back, e);
        }
        try {
            sysSwitch.confirm();
            confSwitch.confirm();
        } catch (IOException e) {
            // The new images are in force and confirmed; only old versions stay longer than needed.
            merged += " (old versions not pruned: " + e.getMessage() + ")";
        }
        notes.put(id, new Note(Instant.now(), work.commit(), merged));
        if (!changed) {
            bootCheck.sameImagesAt(id, work.commit());
        } else if (merged.startsWith(STAGED_NOT_RUNNING) && !expected.isEmpty()) {
            bootCheck.await(id, new BootMergeCheck.Pending(work.commit(), host, List.copyOf(expected)));
        } else {
            bootCheck.forget(id);
        }
    }

    private String unchanged(String id) {
        Note before = notes.get(id);
        return before != null ? before.merged() : "unchanged images, already in place";
    }

    /**
     * Makes a running machine merge the switched images and confirms it from inside the machine
     * ({@link MachineMerge}); says how. A machine that does not run yet (the first commit: this stage
     * runs before vm-started) merges them when it boots, with its own systemd-sysext.service, which
     * the nspawn backend pulls in ({@code systemd.wants=} on the container's command line);
     * {@link BootMergeCheck} confirms that once the machine is started.
     *
     * @param refreshed set when a refresh was started inside the machine, so a failure refreshes back
     */
    private String refresh(String id, HostLayout host, List<MachineMerge.Expected> expected, List<String> gone,
            boolean[] refreshed) throws StageException, IOException {
        SystemdManager sm = systemd;
        if (sm == null) {
            return "staged and verified; no systemd reachable, the machine merges them when it boots";
        }
        String escaped = escapeInstance(id);
        try {
            String state = MachineMerge.machineState(sm, escaped);
            if (!"active".equals(state)) {
                return STAGED_NOT_RUNNING + " (tenant-vm@" + escaped + ".service is " + state
                        + "): its systemd-sysext merges them when it boots";
            }
            refreshed[0] = true;
            String how = MachineMerge.confirm(sm, host, id, escaped, RefreshUnits.MACHINE_TEMPLATE, expected, gone);
            return "refreshed inside running machine " + id + ", confirmed: " + how;
        } catch (MachineMerge.MergeException e) {
            throw new StageException("refreshing the images inside machine " + id + " failed: " + e.getMessage(), e);
        } catch (SystemdException e) {
            throw new StageException("cannot refresh the images inside machine " + id + ": " + e.getMessage(), e);
        }
    }

    /** After a failed confirmation and the switch back: the machine merges the images before again. */
    private String refreshBack(String id, HostLayout host) {
        SystemdManager sm = systemd;
        if (sm == null) {
            return "";
        }
        String unit = RefreshUnits.MACHINE_TEMPLATE.replace("@.", "@" + escapeInstance(id) + ".");
        try {
            JobResult r = sm.start(unit, MachineMerge.TIMEOUT);
            return r.done() ? " and refreshed machine " + id + " onto them" : "; refreshing machine " + id + " onto them failed too: "
                    + unit + " ended with '" + r.result() + "'";
        } catch (SystemdException e) {
            return "; refreshing machine " + id + " onto them failed too: " + e.getMessage();
        }
    }

    /** Records that images merged at the machine's boot were confirmed from inside (or were not). */
    void noteBootMerge(String id, String commit, String merged) {
        notes.computeIfPresent(id, (k, before) -> before.commit().equals(commit) ? new Note(Instant.now(), commit, merged) : before);
    }

    /** The SHA-256 of an extension's release file in its tree at the commit. */
    private static String releaseSha256(RepositoryFiles files, String tree, String name, ExtensionType type) throws IOException {
        try (java.io.InputStream in = files.open(tree + "/" + type.releaseFile(name))) {
            java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
            return java.util.HexFormat.of().formatHex(d.digest(in.readAllBytes()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    @Override
    public void remove(String tenantId, HostLayout host) throws StageException {
        try {
            new ExtensionFolder(host.tenantSysext(tenantId)).removeAll();
            new ExtensionFolder(host.tenantConfext(tenantId)).removeAll();
            java.nio.file.Files.deleteIfExists(host.tenantState(tenantId).resolve("extensions"));
        } catch (java.nio.file.DirectoryNotEmptyException notOurs) {
            // Something else lives beside the two folders: leave it to its owner.
        } catch (IOException e) {
            throw new StageException("cannot remove the extension images of " + tenantId + ": " + e.getMessage(), e);
        }
        notes.remove(tenantId);
        bootCheck.forget(tenantId);
    }

    @Override
    public Map<String, Note> notes() {
        return Map.copyOf(notes);
    }

    private RepositoryFiles filesAt(String commit) throws StageException {
        try {
            return content.at(commit).orElseThrow(() -> new StageException("commit " + commit
                    + " is not in the repository bbh follows; cannot read the extension trees"));
        } catch (IOException e) {
            throw new StageException("cannot read the extension trees at " + commit + ": " + e.getMessage(), e);
        }
    }

    private static List<String> names(List<BuiltImage> images) {
        return images.stream().map(BuiltImage::name).toList();
    }

    /**
     * A tenant id as a unit's instance (systemd-escape): ids are DNS labels, so only {@code -}
     * needs escaping.
     */
    static String escapeInstance(String id) {
        return id.replace("-", "\\x2d");
    }
}
