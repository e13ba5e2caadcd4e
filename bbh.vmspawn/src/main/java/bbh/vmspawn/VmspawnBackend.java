package bbh.vmspawn;

import bbh.api.stage.HostLayout;
import bbh.api.stage.MachineBackend;
import bbh.api.stage.MachinePlan;
import bbh.api.stage.StageException;
import bbh.api.stage.TenantWork;
import bbh.api.systemd.SystemdException;
import bbh.api.systemd.SystemdManager;
import bbh.api.tenant.TenantSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The {@code vmspawn} machine backend: a tenant's machine as a virtual machine run by
 * systemd-vmspawn inside {@code tenant-vm@<id>.service} ({@link VmspawnDropIn}), its tap joined to the
 * tenant's bridge ({@link TapNetwork}). Needs systemd {@value VersionGate#MINIMUM} or later on the
 * host ({@link VersionGate}); on an older one each vmspawn tenant fails at vm-started with the
 * reason, and the others carry on.
 *
 * <p>Trust split: a tenant repository sets only {@code TenantSpec.Machine} (CPUs, memory, TPM, Secure
 * Boot, drives and binds inside its own state folder, credentials by file name); the operator sets
 * the rest in configuration PID {@value #PID} ({@link OperatorSettings}). docs/machines-vmspawn.md.
 */
@Component(service = MachineBackend.class, configurationPid = VmspawnBackend.PID,
        property = MachineBackend.NAME + "=" + VmspawnBackend.BACKEND)
@Designate(ocd = VmspawnBackend.Config.class)
public final class VmspawnBackend implements MachineBackend {

    /** The backend's name in tenants' metadata. */
    public static final String BACKEND = "vmspawn";
    /** Configuration PID of the operator's settings. */
    public static final String PID = "bbh.vmspawn";

    @ObjectClassDefinition(name = "bbh vmspawn backend",
            description = "The operator's settings for tenants' VMs (systemd-vmspawn); tenants set only their machine block")
    public @interface Config {
        @AttributeDefinition(description = "systemd-vmspawn's absolute path")
        String executable() default "/usr/bin/systemd-vmspawn";

        @AttributeDefinition(description = "A JSON firmware definition for --firmware=; empty lets vmspawn choose")
        String firmware() default "";

        @AttributeDefinition(description = "KVM acceleration: auto, yes or no")
        String kvm() default "auto";

        @AttributeDefinition(description = "A VSOCK device for VMs: auto, yes or no")
        String vsock() default "auto";

        @AttributeDefinition(description = "Whether vmspawn passes a generated SSH key into each VM")
        boolean passSshKey() default false;

        @AttributeDefinition(description = "Whether a VM counts as started only once its own systemd reports READY=1")
        boolean notifyReady() default true;

        @AttributeDefinition(description = "How long a VM may take to start (TimeoutStartSec=), a systemd time span")
        String startTimeout() default "5min";

        @AttributeDefinition(description = "The VM's console: read-only (into the journal) or headless")
        String console() default "read-only";

        @AttributeDefinition(description = "A kernel for direct kernel boot of every VM (--linux=); empty: the image's own boot loader entries")
        String linux() default "";

        @AttributeDefinition(description = "The initrd that goes with linux (--initrd=); empty for none")
        String initrd() default "";
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile SystemdManager systemd;

    private volatile OperatorSettings operator = OperatorSettings.DEFAULTS;

    /** A backend with the defaults, for tests and for use without a framework. */
    public VmspawnBackend() {}

    VmspawnBackend(OperatorSettings operator, SystemdManager systemd) {
        this.operator = operator;
        this.systemd = systemd;
    }

    @Activate
    @Modified
    void configure(Config config) {
        try {
            operator = OperatorSettings.of(config);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("configuration " + PID + ": " + e.getMessage(), e);
        }
    }

    /**
     * Too old a systemd, a qcow2 drive on a systemd before 260, or no systemd-vmspawn binary under the
     * host's root. Without a running systemd (bbh rendering into a folder) nothing starts, and there
     * is nothing to refuse.
     */
    @Override
    public Optional<String> unsupportedReason(TenantSpec spec, HostLayout host) {
        SystemdManager s = systemd;
        if (s == null) {
            return Optional.empty();
        }
        String version;
        try {
            version = s.version();
        } catch (SystemdException e) {
            return Optional.of("systemd-vmspawn needs systemd " + VersionGate.MINIMUM + " or later; reading this host's version failed: "
                    + e.getMessage());
        }
        Optional<String> tooOld = VersionGate.reason(spec, version);
        if (tooOld.isPresent()) {
            return tooOld;
        }
        OperatorSettings o = operator;
        Path binary = host.root().resolve(o.executable().substring(1));
        if (!Files.isExecutable(binary)) {
            return Optional.of("systemd-vmspawn is not installed on this host: " + o.executable()
                    + " is missing or not executable (systemd-container of systemd " + VersionGate.MINIMUM + " or later ships it)");
        }
        return Optional.empty();
    }

    @Override
    public MachinePlan plan(TenantWork work) throws StageException {
        TenantSpec spec = work.spec();
        OperatorSettings o = operator;
        String dropIn = VmspawnDropIn.render(spec, work.commit(), o).text();
        SortedMap<String, String> files = new TreeMap<>();
        if (spec.network() != null) {
            files.put(TapNetwork.path(spec.id()), TapNetwork.render(spec, work.commit()).text());
        }
        return new MachinePlan(dropIn, files);
    }
}
