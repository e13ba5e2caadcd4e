package bbh.tenant.shell;

import bbh.api.pipeline.PipelineEvent;
import bbh.api.source.SyncReport;
import bbh.api.source.TenantRepository;
import bbh.api.status.PipelineStatus;
import bbh.api.status.TenantStatus;
import bbh.api.tenant.TenantSpec;
import bbh.api.tenant.TenantValidator;
import bbh.api.tenant.ValidationReport;
import java.io.IOException;
import java.util.List;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Console commands in scope {@code bbh} for tenants, their pipeline and the repository. They return
 * values ({@link ConsoleFormats} prints them); misuse gets one sentence.
 */
@Component(
        service = TenantCommands.class,
        property = {
            "osgi.command.scope=bbh",
            "osgi.command.function=tenants",
            "osgi.command.function=status",
            "osgi.command.function=sync",
            "osgi.command.function=validate",
            "osgi.command.function=events"
        })
public final class TenantCommands {

    static final String NO_REPOSITORY =
            "No tenant repository is configured: start with 'bin/bbh run --repo REPO' or set PID bbh.source.";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile TenantRepository repository;

    @Reference
    private PipelineStatus status;

    @Reference
    private TenantValidator validator;

    @Descriptor("lists the tenants in force (their last valid spec)")
    public Object tenants() {
        TenantRepository r = repository;
        if (r == null) {
            return NO_REPOSITORY;
        }
        return new TenantList(r.tenants(), status.tenants());
    }

    @Descriptor("shows every tenant's pipeline state")
    public Object status() {
        return new StatusTable(status.tenants());
    }

    @Descriptor("shows one tenant's state at every stage")
    public Object status(@Descriptor("tenant id") String tenantId) {
        return status.tenant(tenantId).<Object>map(t -> t).orElse("No tenant '" + tenantId + "' is known.");
    }

    @Descriptor("fetches the tenant repository now and applies its newest commit")
    public Object sync() {
        TenantRepository r = repository;
        return r == null ? NO_REPOSITORY : r.sync();
    }

    @Descriptor("validates the configured tenant repository without applying it")
    public Object validate() throws IOException {
        TenantRepository r = repository;
        return r == null ? NO_REPOSITORY : validator.validate(r.location());
    }

    @Descriptor("validates a tenant repository (a folder, as its files are, or a git URL) without applying it")
    public ValidationReport validate(@Descriptor("folder or URL") String location) throws IOException {
        return validator.validate(location);
    }

    @Descriptor("shows the most recent pipeline events, oldest first")
    public List<PipelineEvent> events() {
        return status.recentEvents(20);
    }

    @Descriptor("shows the most recent pipeline events, oldest first")
    public List<PipelineEvent> events(@Descriptor("how many") int max) {
        return status.recentEvents(max);
    }

    /**
     * The tenants in force together with their pipeline state, for the console.
     *
     * @param specs the specs in force
     * @param statuses every tenant's status
     */
    public record TenantList(List<TenantSpec> specs, List<TenantStatus> statuses) {}

    /** Every tenant's status, for the console. */
    public record StatusTable(List<TenantStatus> tenants) {}

}
