package bbh.sysext.tree;

import bbh.api.source.RepositoryFiles;
import bbh.api.tenant.TenantRule;
import bbh.api.tenant.TenantSpec;
import bbh.api.tenant.ValidationProblem;
import bbh.sysext.stage.SysextConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

/**
 * The validated stage's checks of a tenant's extension trees ({@code tenants/<id>/extensions/<name>/},
 * one per entry of its {@code extensions}): {@link TreeCheck} against the machine target the
 * operator configured. A tenant with a problem here is invalid; its last good images stay in use.
 */
@Component(configurationPid = SysextConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = TenantRule.NAME + "=sysext")
public final class ExtensionTreeRule implements TenantRule {

    private volatile TargetSystem target = machineTarget(List.of(), "");

    /** For tests and the plain-Java path: checks against {@code target}. */
    public ExtensionTreeRule(TargetSystem target) {
        this.target = target;
    }

    /** For Declarative Services. */
    public ExtensionTreeRule() {}

    @Activate
    void activate(SysextConfig config) {
        target = machineTarget(Arrays.asList(config.machineOsIds()), config.architecture());
    }

    /** What a tenant machine's extensions must fit. */
    public static TargetSystem machineTarget(List<String> osIds, String architecture) {
        return new TargetSystem(osIds, null,
                architecture == null || architecture.isBlank() ? TargetSystem.hostArchitecture() : architecture.strip());
    }

    /** The tree of a tenant's extension, relative to the repository's top. */
    public static String treeOf(String tenantId, String name) {
        return "tenants/" + tenantId + "/extensions/" + name;
    }

    @Override
    public List<ValidationProblem> check(TenantSpec spec, RepositoryFiles files) {
        List<ValidationProblem> problems = new ArrayList<>();
        List<TenantSpec.Extension> extensions = spec.extensions();
        for (int i = 0; i < extensions.size(); i++) {
            TenantSpec.Extension ext = extensions.get(i);
            ExtensionType type = ExtensionType.of(ext.type());
            if (type == null) {
                continue; // the schema refuses it before this rule runs
            }
            String tree = treeOf(spec.id(), ext.name());
            for (TreeProblem p : TreeCheck.check(files, tree, ext.name(), type, target)) {
                // The tree missing is the metadata's fault: point at the entry that names it.
                boolean missing = p.path().equals(tree);
                problems.add(new ValidationProblem(missing ? spec.sourcePath() : p.path(), p.line(), p.line() > 0 ? 1 : 0,
                        spec.id(), missing ? "extensions[" + i + "].name" : "extensions[" + i + "]",
                        missing ? p.expected() + " in " + tree + "/" : p.expected()));
            }
        }
        return problems;
    }
}
