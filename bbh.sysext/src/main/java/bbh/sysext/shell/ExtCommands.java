package bbh.sysext.shell;

import bbh.api.source.TenantRepository;
import bbh.api.stage.HostLayout;
import bbh.api.tenant.TenantSpec;
import bbh.sysext.place.ExtensionFolder;
import bbh.sysext.stage.ExtensionStatus;
import bbh.sysext.stage.HostExtensions;
import bbh.sysext.stage.ConfiguredHost;
import bbh.sysext.stage.SysextConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * {@code bbh:ext [id]}: the extension images in force, their versions, and where each is merged,
 * read from the folders themselves (so it shows what is there, also after a restart) and from what
 * the stage and the host merges last confirmed.
 */
@Component(service = ExtCommands.class, configurationPid = SysextConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {"osgi.command.scope=bbh", "osgi.command.function=ext"})
public final class ExtCommands {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile TenantRepository repository;

    private final List<ExtensionStatus> statuses = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL)
    private ConfigurationAdmin configurationAdmin;

    private HostLayout host;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addStatus(ExtensionStatus s) {
        statuses.add(s);
    }

    void removeStatus(ExtensionStatus s) {
        statuses.remove(s);
    }

    @Activate
    void activate(SysextConfig config) {
        host = ConfiguredHost.of(config, configurationAdmin);
    }

    @Descriptor("lists the extension images of the host and of every tenant, their versions and where each is merged")
    public String ext() throws IOException {
        StringBuilder b = new StringBuilder();
        b.append(hostPart());
        TenantRepository r = repository;
        if (r != null) {
            for (TenantSpec t : r.tenants()) {
                b.append(tenantPart(t.id()));
            }
        }
        return b.toString().stripTrailing();
    }

    @Descriptor("lists one tenant's extension images, their versions and where they are merged")
    public String ext(@Descriptor("tenant id, or 'host'") String id) throws IOException {
        if (HostExtensions.HOST.equals(id)) {
            return hostPart().stripTrailing();
        }
        TenantRepository r = repository;
        if (r != null && r.tenants().stream().noneMatch(t -> t.id().equals(id))) {
            return "No tenant '" + id + "' is in force.";
        }
        return tenantPart(id).stripTrailing();
    }

    private String hostPart() throws IOException {
        StringBuilder b = new StringBuilder("host\n");
        images(b, "sysext", host.root().resolve("var/lib/extensions"));
        images(b, "confext", host.root().resolve("var/lib/confexts"));
        note(b, HostExtensions.HOST);
        for (ExtensionStatus s : statuses) {
            s.problems().forEach(p -> b.append("  problem: ").append(p).append('\n'));
        }
        return b.toString();
    }

    private String tenantPart(String id) throws IOException {
        StringBuilder b = new StringBuilder(id).append('\n');
        images(b, "sysext", host.tenantSysext(id));
        images(b, "confext", host.tenantConfext(id));
        note(b, id);
        return b.toString();
    }

    private static void images(StringBuilder b, String type, Path folder) throws IOException {
        for (ExtensionFolder.Current c : new ExtensionFolder(folder).current()) {
            b.append("  ").append(type).append(' ').append(c.name()).append(" = ").append(c.versionedName())
                    .append(" (sha256 ").append(c.sha256().length() >= 12 ? c.sha256().substring(0, 12) : c.sha256())
                    .append(") in ").append(folder).append('\n');
        }
    }

    private void note(StringBuilder b, String key) {
        Map<String, ExtensionStatus.Note> all = new TreeMap<>();
        statuses.forEach(s -> all.putAll(s.notes()));
        ExtensionStatus.Note n = all.get(key);
        if (n == null) {
            b.append("  merged: not handled since bbh started\n");
        } else {
            b.append("  merged: ").append(n.merged()).append(" (commit ").append(n.commit()).append(", ").append(n.at())
                    .append(")\n");
        }
    }
}
