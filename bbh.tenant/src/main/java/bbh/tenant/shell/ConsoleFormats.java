package bbh.tenant.shell;

import bbh.api.pipeline.PipelineEvent;
import bbh.api.source.SyncReport;
import bbh.api.status.StageState;
import bbh.api.status.StageStatus;
import bbh.api.status.TenantStatus;
import bbh.api.tenant.TenantSpec;
import bbh.api.tenant.ValidationProblem;
import bbh.api.tenant.ValidationReport;
import bbh.tenant.console.TextTable;
import bbh.tenant.shell.TenantCommands.StatusTable;
import bbh.tenant.shell.TenantCommands.TenantList;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.felix.service.command.Converter;
import org.osgi.service.component.annotations.Component;

/**
 * Tells the Gogo console how to print bbh's values, so commands can return the values themselves
 * (usable in pipes) and still read well. Other types are left to Gogo.
 */
@Component(service = Converter.class)
public final class ConsoleFormats implements Converter {

    @Override
    public Object convert(Class<?> desiredType, Object in) {
        return null; // formatting only; no conversions
    }

    @Override
    public CharSequence format(Object target, int level, Converter escape) {
        if (target instanceof PipelineEvent e) {
            return e.summary();
        }
        if (level != INSPECT) {
            return null;
        }
        if (target instanceof TenantList t) {
            return tenants(t);
        }
        if (target instanceof StatusTable t) {
            return statuses(t);
        }
        if (target instanceof TenantStatus t) {
            return tenantStatus(t);
        }
        if (target instanceof SyncReport r) {
            return syncReport(r);
        }
        if (target instanceof ValidationReport r) {
            return validationReport(r);
        }
        return null;
    }

    static String tenants(TenantList list) {
        Map<String, TenantStatus> byId = list.statuses().stream()
                .collect(Collectors.toMap(TenantStatus::tenantId, Function.identity()));
        TextTable table = new TextTable("TENANT", "ENABLED", "BACKEND", "SUBNET", "SPEC FROM", "PIPELINE");
        for (TenantSpec s : list.specs()) {
            TenantStatus st = byId.get(s.id());
            table.row(s.id(), s.enabled() ? "yes" : "no", s.backend(),
                    s.network() == null ? null : s.network().subnet(),
                    st == null ? null : PipelineEvent.shortCommit(st.commit()), st == null ? null : where(st));
        }
        return table.toString();
    }

    static String statuses(StatusTable all) {
        TextTable table = new TextTable("TENANT", "COMMIT", "GEN", "PIPELINE", "MESSAGE");
        for (TenantStatus t : all.tenants()) {
            String message = t.stoppedAt().map(StageStatus::message).orElse("");
            table.row(t.tenantId(), PipelineEvent.shortCommit(t.commit()), t.generation(), where(t), firstLine(message));
        }
        return table.toString();
    }

    static String tenantStatus(TenantStatus t) {
        StringBuilder b = new StringBuilder("tenant ").append(t.tenantId()).append(" at ").append(PipelineEvent.shortCommit(t.commit()))
                .append(" (generation ").append(t.generation()).append(t.removed() ? ", removed" : "").append(")\n");
        TextTable table = new TextTable("STAGE", "STATE", "COMMIT", "GEN", "TOOK", "MESSAGE");
        for (StageStatus s : t.stages()) {
            String took = s.started() != null && s.finished() != null
                    ? Duration.between(s.started(), s.finished()).toMillis() + " ms" : "";
            table.row(s.stage().id(), s.state().name().toLowerCase(), PipelineEvent.shortCommit(s.commit()), s.generation(), took,
                    firstLine(s.message()));
        }
        return b.append(table).toString();
    }

    static String syncReport(SyncReport r) {
        if (!r.ok()) {
            return "sync failed, nothing changed: " + r.error();
        }
        StringBuilder b = new StringBuilder("commit ").append(PipelineEvent.shortCommit(r.commit()))
                .append(", generation ").append(r.generation()).append(": ");
        if (r.changed().isEmpty() && r.removed().isEmpty()) {
            // Operator-wide problems (top extensions/) come with a commit that changed no tenant too.
            b.append("no tenant changed");
            r.problems().forEach(p -> b.append('\n').append(p));
            return b.toString();
        }
        b.append(r.changed().size()).append(" changed ").append(r.changed())
                .append(", ").append(r.removed().size()).append(" removed ").append(r.removed())
                .append(", ").append(r.problems().size()).append(" problems");
        r.problems().forEach(p -> b.append('\n').append(p));
        return b.toString();
    }

    static String validationReport(ValidationReport r) {
        StringBuilder b = new StringBuilder();
        for (ValidationProblem p : r.problems()) {
            b.append(p).append('\n');
        }
        int invalid = r.tenantCount() - r.valid().size();
        return b.append(r.tenantCount()).append(" tenants, ").append(r.valid().size()).append(" valid, ")
                .append(invalid).append(" invalid").toString();
    }

    /** Where a tenant's pipeline stands, e.g. {@code validated, units-written absent}. */
    static String where(TenantStatus t) {
        if (t.removed()) {
            return "removed";
        }
        String done = t.lastDone().map(s -> s.id()).orElse("nothing done");
        return t.stages().stream()
                .filter(s -> s.state() == StageState.RUNNING || s.state() == StageState.FAILED
                        || s.state() == StageState.ABSENT || s.state() == StageState.SKIPPED)
                .findFirst()
                .map(s -> done + ", " + s.stage().id() + " " + s.state().name().toLowerCase())
                .orElse(done);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl) + " (+more)";
    }
}
