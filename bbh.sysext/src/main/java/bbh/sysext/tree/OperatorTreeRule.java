package bbh.sysext.tree;

import bbh.api.source.FileEntry;
import bbh.api.source.RepositoryFiles;
import bbh.api.tenant.RepositoryRule;
import bbh.api.tenant.ValidationProblem;
import bbh.sysext.stage.ConfiguredHost;
import bbh.sysext.stage.SysextConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;

/**
 * The validated stage's checks of the operator-wide extension trees, {@code extensions/<name>/} at
 * the repository's top: {@link TreeCheck} against the host's os-release ({@link HostTarget}), the
 * same checks the host merge ({@code HostExtensions}) makes before it builds, so
 * {@code bin/bbh validate} reports what the merge would refuse.
 *
 * <p>Which trees: every folder under {@code extensions/}, and every name the operator declares
 * (PID {@value SysextConfig#PID}, {@code hostSysext} / {@code hostConfext}), so a declared tree that
 * is missing is a problem too. A declared name is checked as the type it is declared with; an
 * undeclared tree (say, one staged for later, or {@code bin/bbh validate} on a laptop without the
 * host's configuration) as a confext when it holds only {@code etc/} at its top, else as a sysext.
 *
 * <p>Problems are operator-wide ({@link ValidationProblem#operatorWide()}), their field is the type
 * and name checked, e.g. {@code sysext debug-tools}: no tenant can name an operator-wide tree, so
 * none becomes invalid.
 */
@Component(configurationPid = SysextConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = RepositoryRule.NAME + "=sysext")
public final class OperatorTreeRule implements RepositoryRule {

    /** The folder at the repository's top that holds the operator-wide trees. */
    public static final String TOP = RepositoryRule.WATCHED_FOLDER;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL)
    private ConfigurationAdmin configurationAdmin;

    private volatile Supplier<TargetSystem> target;
    private volatile List<String> sysextNames = List.of();
    private volatile List<String> confextNames = List.of();

    /** For Declarative Services. */
    public OperatorTreeRule() {
        Path root = Path.of("/");
        String arch = TargetSystem.hostArchitecture();
        target = () -> HostTarget.read(root, arch);
    }

    /** For tests: checks against {@code target}, with these declared names. */
    public OperatorTreeRule(TargetSystem target, List<String> sysextNames, List<String> confextNames) {
        this.target = () -> target;
        this.sysextNames = List.copyOf(sysextNames);
        this.confextNames = List.copyOf(confextNames);
    }

    @Activate
    void activate(SysextConfig config) {
        Path root = ConfiguredHost.of(config, configurationAdmin).root();
        String arch = config.architecture().isBlank() ? TargetSystem.hostArchitecture() : config.architecture().strip();
        // Read at every check, as the merge does: an OS upgrade changes what fits.
        target = () -> HostTarget.read(root, arch);
        sysextNames = List.copyOf(Arrays.asList(config.hostSysext()));
        confextNames = List.copyOf(Arrays.asList(config.hostConfext()));
    }

    @Override
    public List<ValidationProblem> check(RepositoryFiles files) {
        SortedMap<String, Set<ExtensionType>> trees = new TreeMap<>();
        sysextNames.forEach(n -> trees.computeIfAbsent(n, k -> new LinkedHashSet<>()).add(ExtensionType.SYSEXT));
        confextNames.forEach(n -> trees.computeIfAbsent(n, k -> new LinkedHashSet<>()).add(ExtensionType.CONFEXT));
        Set<String> declared = Set.copyOf(trees.keySet());
        Map<String, Set<String>> tops;
        try {
            tops = topsOfEachTree(files.walk(TOP));
        } catch (IOException e) {
            return List.of(ValidationProblem.operatorWide(TOP, 0, 0, "-", "cannot be read: " + e.getMessage()));
        }
        tops.forEach((name, top) -> trees.computeIfAbsent(name, k -> new LinkedHashSet<>()).add(
                top.contains("etc") && !top.contains("usr") && !top.contains("opt") ? ExtensionType.CONFEXT : ExtensionType.SYSEXT));
        TargetSystem host = target.get();
        List<ValidationProblem> problems = new ArrayList<>();
        trees.forEach((name, types) -> {
            String tree = TOP + "/" + name;
            for (ExtensionType type : types) {
                for (TreeProblem p : TreeCheck.check(files, tree, name, type, host)) {
                    String why = p.path().equals(tree) && declared.contains(name)
                            ? p.expected() + " (declared in " + SysextConfig.PID + " "
                                    + (type == ExtensionType.SYSEXT ? "hostSysext" : "hostConfext") + ")"
                            : p.expected();
                    problems.add(ValidationProblem.operatorWide(p.path(), p.line(), p.line() > 0 ? 1 : 0,
                            type.id() + " " + name, why));
                }
            }
        });
        return problems;
    }

    /** The names of the folders right under {@code extensions/}, each with the names at its own top. */
    private static Map<String, Set<String>> topsOfEachTree(List<FileEntry> entries) {
        Map<String, Set<String>> tops = new TreeMap<>();
        String prefix = TOP + "/";
        for (FileEntry e : entries) {
            String[] parts = e.path().substring(prefix.length()).split("/", 3);
            if (parts.length == 1) {
                if (e.kind() == FileEntry.Kind.FOLDER) {
                    tops.computeIfAbsent(parts[0], k -> new LinkedHashSet<>());
                }
                // A file beside the trees (a README) is no extension: systemd never sees it.
            } else if (tops.containsKey(parts[0])) {
                tops.get(parts[0]).add(parts[1]);
            }
        }
        return tops;
    }
}
