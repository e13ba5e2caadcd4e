package bbh.sysext.stage;

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
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

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
        service = {OverlayStage.class, ExtensionStatus.class})
public final class OverlayMountedStage implements OverlayStage, ExtensionStatus {

    /** A refresh inside a machine unmerges and merges images: seconds, rarely more. */
    static final Duration REFRESH_TIMEOUT = Duration.ofSeconds(120);

    @Reference
    private RepositoryContent content;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile SystemdManager systemd;

    private volatile TargetSystem target = ExtensionTreeRule.machineTarget(List.of(), "");
    private volatile SquashfsBuilder builder = new SquashfsBuilder("mksquashfs");
    private final Map<String, Note> notes = new ConcurrentHashMap<>();

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

    @Override
    public void apply(TenantWork work) throws StageException {
        TenantSpec spec = work.spec();
        String id = spec.id();
        HostLayout host = work.host();
        RepositoryFiles files = filesAt(work.commit());
        ImageCache cache = new ImageCache(host.bbhState().resolve("sysext/cache"), builder);
        List<BuiltImage> sysext = new ArrayList<>();
        List<BuiltImage> confext = new ArrayList<>();
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
                (type == ExtensionType.SYSEXT ? sysext : confext).add(cache.image(files, tree, ext.name(), type));
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
        try {
            List<String> wrong = new ArrayList<>(sysFolder.verify(names(sysext)));
            wrong.addAll(confFolder.verify(names(confext)));
            if (!wrong.isEmpty()) {
                throw new StageException("the switched images do not verify: " + String.join("; ", wrong));
            }
            boolean changed = !sysSwitch.changed().isEmpty() || !confSwitch.changed().isEmpty();
            merged = changed ? refresh(id, host) : unchanged(id);
        } catch (StageException | IOException | RuntimeException e) {
            try {
                sysSwitch.rollback();
                confSwitch.rollback();
            } catch (IOException rollback) {
                e.addSuppressed(rollback);
            }
            if (e instanceof StageException s) {
                throw new StageException(s.getMessage() + "; switched back to the images before", s);
            }
            throw new StageException("cannot confirm the new images: " + e.getMessage() + "; switched back to the images before", e);
        }
        try {
            sysSwitch.confirm();
            confSwitch.confirm();
        } catch (IOException e) {
            // The new images are in force and confirmed; only old versions stay longer than needed.
            merged += " (old versions not pruned: " + e.getMessage() + ")";
        }
        notes.put(id, new Note(Instant.now(), work.commit(), merged));
    }

    private String unchanged(String id) {
        Note before = notes.get(id);
        return before != null ? before.merged() : "unchanged images, already in place";
    }

    /**
     * Makes a running machine merge the switched images and says how it was confirmed. A machine
     * that does not run merges them when it boots (systemd-sysext.service inside it).
     */
    private String refresh(String id, HostLayout host) throws StageException, IOException {
        SystemdManager sm = systemd;
        if (sm == null) {
            return "staged and verified; no systemd reachable, the machine merges them when it boots";
        }
        String escaped = escapeInstance(id);
        try {
            String state = sm.activeState("tenant-vm@" + escaped + ".service");
            if (!"active".equals(state)) {
                return "staged and verified; machine not running (tenant-vm@" + escaped + ".service is " + state
                        + "), it merges them when it boots";
            }
            if (RefreshUnits.install(host)) {
                sm.reload();
            }
            String unit = "bbh-sysext-refresh@" + escaped + ".service";
            JobResult r = sm.start(unit, REFRESH_TIMEOUT);
            if (!r.done()) {
                throw new StageException("refreshing the images inside machine " + id + " failed: " + unit + " ended with '"
                        + r.result() + "' (journalctl -u " + unit + ")");
            }
            return "refreshed inside running machine " + id + " (systemd-sysext refresh, " + unit + ")";
        } catch (SystemdException e) {
            throw new StageException("cannot refresh the images inside machine " + id + ": " + e.getMessage(), e);
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
