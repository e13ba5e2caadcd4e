package bbh.tenant.validate;

import bbh.api.tenant.TenantSpec;
import bbh.tenant.source.TenantFolder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Validates the changed tenant folders of one repository snapshot: each folder's metadata.json on
 * its own (size, UTF-8, JSON, the JSON Schema of its schemaVersion, control characters, the rules
 * of {@code FieldRules}), then the changed tenants against each other and against the tenants in
 * force (subnets, VLANs, bridge names, dependencies). Every rule and message is described in
 * docs/tenant-format.md.
 *
 * <p>Construction loads and compiles the schema once; afterwards an instance is thread-safe and
 * should be reused. Folders are checked in parallel on the common fork-join pool when there are
 * many.
 */
public final class TenantValidation {

    /** Below this many folders, checking them one after another is cheaper than forking. */
    private static final int PARALLEL_FROM = 32;

    private final MetadataFileCheck fileCheck;

    /** Loads and compiles the JSON Schema. */
    /**
     * The one instance the components share: compiling the schema costs a few hundred milliseconds,
     * paid once per bundle however many components validate. Made on first use.
     */
    public static TenantValidation shared() {
        return Shared.INSTANCE;
    }

    /** Holder idiom: the JVM makes INSTANCE once, on the first call of {@link #shared()}. */
    private static final class Shared {
        static final TenantValidation INSTANCE = new TenantValidation();
    }

    public TenantValidation() {
        this.fileCheck = new MetadataFileCheck();
    }

    /**
     * Validates the changed tenant folders of one snapshot, in parallel where it helps, and checks
     * them against each other and against {@code inForce} (the last valid specs of every OTHER
     * tenant, i.e. tenants not in {@code changed}; a spec in it whose id names a changed folder is
     * ignored).
     *
     * @param changed the folders to validate
     * @param inForce the specs in force of the other tenants
     * @return one TenantCheck per folder in {@code changed}, sorted by name
     */
    public List<TenantCheck> validate(List<TenantFolder> changed, Collection<TenantSpec> inForce) {
        Objects.requireNonNull(changed, "changed");
        Objects.requireNonNull(inForce, "inForce");
        List<FolderResult> results = (changed.size() >= PARALLEL_FROM ? changed.parallelStream() : changed.stream())
                .map(fileCheck::check)
                .toList();
        Set<String> names = new HashSet<>();
        results.forEach(r -> names.add(r.name()));
        List<TenantSpec> others = new ArrayList<>();
        for (TenantSpec s : inForce) {
            if (!names.contains(s.id())) {
                others.add(s);
            }
        }
        CrossTenantCheck.check(results, others);
        List<TenantCheck> checks = new ArrayList<>(results.size());
        results.forEach(r -> checks.add(r.toCheck()));
        checks.sort(Comparator.comparing(TenantCheck::tenantId));
        return checks;
    }
}
