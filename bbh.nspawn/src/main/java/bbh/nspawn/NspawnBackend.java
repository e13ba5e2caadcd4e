package bbh.nspawn;

import bbh.api.stage.HostLayout;
import bbh.api.stage.MachineBackend;
import bbh.api.stage.MachinePlan;
import bbh.api.stage.StageException;
import bbh.api.stage.TenantWork;
import bbh.api.tenant.TenantSpec;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The {@code nspawn} machine backend: a tenant's machine is a systemd-nspawn container booting its
 * image. The plan is the drop-in that runs nspawn in {@code tenant-vm@<id>.service}
 * ({@link NspawnDropIn}) and the container's settings file {@code /etc/systemd/nspawn/<id>.nspawn}
 * ({@link NspawnFile}). What a tenant's metadata may set is the unprivileged subset
 * ({@code machine.binds} under its own state, {@code machine.credentials} from the host's
 * credential folder, its image by name); the privileged rest comes from the operator's factory
 * configurations {@value TenantPrivileges#FACTORY_PID} ({@link OperatorSettings}), applied at the
 * tenant's next pipeline run. {@code machine.cpus}, {@code memory}, {@code tpm}, {@code secureBoot}
 * and {@code drives} are a VM's and are ignored here (the slice limits the container).
 */
@Component(service = MachineBackend.class, property = MachineBackend.NAME + "=" + NspawnBackend.NAME)
public final class NspawnBackend implements MachineBackend {

    /** The name tenants write in {@code backend}. */
    public static final String NAME = "nspawn";

    private final Map<TenantPrivileges, OperatorSettings> privileges = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addPrivileges(TenantPrivileges p) {
        privileges.put(p, p.settings());
    }

    void removePrivileges(TenantPrivileges p) {
        privileges.remove(p);
    }

    /** Where the operator's configurations are, read when a tenant's component is not bound yet (StoredPrivileges). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY)
    volatile org.osgi.service.cm.ConfigurationAdmin configurationAdmin;

    /** For tests: operator settings without ConfigAdmin. */
    void grant(OperatorSettings settings) {
        privileges.put(new TenantPrivileges(), settings);
    }

    @Override
    public Optional<String> unsupportedReason(TenantSpec spec, HostLayout host) {
        if (!Files.isExecutable(host.root().resolve(NspawnDropIn.NSPAWN.substring(1)))) {
            return Optional.of("systemd-nspawn is not installed (" + NspawnDropIn.NSPAWN
                    + " is missing; Debian's package systemd-container has it)");
        }
        return Optional.empty();
    }

    @Override
    public MachinePlan plan(TenantWork work) throws StageException {
        TenantSpec spec = work.spec();
        OperatorSettings operator = settingsOf(spec.id());
        MachineImage image = MachineImage.of(spec, work.host());
        boolean overlay = operator.volatileMode().isEmpty() ? image.shared() : operator.volatileMode().equals("overlay");
        try {
            TreeMap<String, String> files = new TreeMap<>();
            files.put(NspawnFile.path(spec.id()), NspawnFile.render(spec, work.commit(), work.host(), image, operator));
            return new MachinePlan(NspawnDropIn.render(spec, work.commit(), image, image.shared() && overlay), files);
        } catch (IllegalArgumentException e) {
            throw new StageException(spec.sourcePath() + ": tenant " + spec.id() + ": the nspawn backend cannot write its container: "
                    + e.getMessage(), e);
        }
    }

    /** The operator's settings for the tenant; when two configurations name it, the stricter is unknowable: the first by id. */
    OperatorSettings settingsOf(String tenantId) {
        Optional<OperatorSettings> bound = privileges.values().stream().filter(s -> s.tenant().equals(tenantId)).findFirst();
        if (bound.isPresent()) {
            return bound.get();
        }
        org.osgi.service.cm.ConfigurationAdmin ca = configurationAdmin;
        return (ca == null ? Optional.<OperatorSettings>empty() : StoredPrivileges.of(ca, tenantId))
                .orElse(OperatorSettings.defaults(tenantId));
    }
}
