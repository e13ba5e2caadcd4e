package bbh.tenant.sync;

import bbh.api.pipeline.PipelineEvent;
import bbh.api.pipeline.Stage;
import bbh.api.source.SyncReport;
import bbh.api.tenant.RepositoryRule;
import bbh.api.tenant.TenantSpec;
import bbh.api.tenant.ValidationProblem;
import bbh.tenant.source.RepositorySnapshot;
import bbh.tenant.source.RepositorySource;
import bbh.tenant.source.RepositoryUnavailableException;
import bbh.tenant.source.TenantFolder;
import bbh.tenant.sync.AppliedState.Applied;
import bbh.tenant.sync.AppliedState.TenantRecord;
import bbh.tenant.validate.NamedRule;
import bbh.tenant.validate.RepositoryRules;
import bbh.tenant.validate.RuleChecks;
import bbh.tenant.validate.TenantCheck;
import bbh.tenant.validate.TenantValidation;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * One synchronisation step: read the repository's newest commit, find the tenants whose folder
 * changed since the last applied commit (by comparing git tree ids, which is what git diff does),
 * validate only those, record the result and send the events.
 *
 * <p>Guarantees: a repository that cannot be read changes nothing; an invalid tenant keeps its last
 * valid spec in force; the state on disk is written before the events that announce it.
 * Not thread-safe: the owner runs one step at a time.
 */
final class TenantSync {

    private final RepositorySource source;
    private final TenantValidation validation;
    private final AppliedState state;
    private final Consumer<PipelineEvent> post;
    private final Supplier<List<NamedRule>> rules;
    private final Supplier<List<RepositoryRules.Named>> repositoryRules;

    /**
     * What the repository rules last checked: the watched folder's content id and the rules then
     * bound; null before the first check. In memory only: after a restart they run once again.
     */
    private String checkedOperatorWide;

    private final Map<String, TenantRecord> records;
    private Applied applied;

    TenantSync(RepositorySource source, TenantValidation validation, AppliedState state, Consumer<PipelineEvent> post)
            throws IOException {
        this(source, validation, state, post, List::of);
    }

    /**
     * @param rules the checks stage bundles add, read at every step (they come and go)
     */
    TenantSync(RepositorySource source, TenantValidation validation, AppliedState state, Consumer<PipelineEvent> post,
            Supplier<List<NamedRule>> rules) throws IOException {
        this(source, validation, state, post, rules, List::of);
    }

    /**
     * @param rules the checks stage bundles add per tenant, read at every step (they come and go)
     * @param repositoryRules the checks of the operator-wide part, read at every step
     */
    TenantSync(RepositorySource source, TenantValidation validation, AppliedState state, Consumer<PipelineEvent> post,
            Supplier<List<NamedRule>> rules, Supplier<List<RepositoryRules.Named>> repositoryRules) throws IOException {
        this.source = source;
        this.rules = rules;
        this.repositoryRules = repositoryRules;
        this.validation = validation;
        this.state = state;
        this.post = post;
        this.records = new TreeMap<>(state.readTenants());
        this.applied = state.readApplied();
    }

    /** The specs in force, sorted by id. */
    List<TenantSpec> inForce() {
        return records.values().stream().map(TenantRecord::spec).filter(Objects::nonNull).toList();
    }

    /** The commit last applied, null before the first. */
    String appliedCommit() {
        return applied.commit();
    }

    /**
     * Re-announces every tenant in force, as VALIDATED at its recorded generation, so the later
     * stages converge after a restart (their work is idempotent: unchanged output restarts nothing).
     */
    void reconcile() {
        for (Map.Entry<String, TenantRecord> r : records.entrySet()) {
            TenantRecord t = r.getValue();
            if (t.spec() != null) {
                post.accept(PipelineEvent.reached(Stage.VALIDATED, r.getKey(), t.specCommit(), t.generation(),
                        t.spec().sourcePath(), t.spec()));
            }
        }
    }

    /** Runs one step. */
    SyncReport step() {
        Instant at = Instant.now();
        try (RepositorySnapshot snapshot = source.open()) {
            return apply(snapshot, at);
        } catch (RepositoryUnavailableException | IOException e) {
            return new SyncReport(at, applied.commit(), applied.generation(), List.of(), List.of(), List.of(),
                    e.getMessage());
        }
    }

    private SyncReport apply(RepositorySnapshot snapshot, Instant at) throws IOException {
        SortedMap<String, String> trees = snapshot.tenantTrees();
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, String> t : trees.entrySet()) {
            TenantRecord known = records.get(t.getKey());
            if (known == null || !known.tree().equals(t.getValue())) {
                changed.add(t.getKey());
            }
        }
        List<String> removed = records.keySet().stream().filter(id -> !trees.containsKey(id)).toList();
        if (trees.isEmpty() && !records.isEmpty()) {
            // Git keeps no empty folders, so this is a commit without tenants/ at all: far more
            // likely a wrong branch or a broken push than the wish to remove every tenant at once.
            return new SyncReport(at, applied.commit(), applied.generation(), List.of(), List.of(), List.of(),
                    "commit " + snapshot.commit() + " has no folders under tenants/; refusing to remove all "
                            + records.size() + " tenants (remove them in commits that leave at least one)");
        }
        OperatorWide operatorWide = checkOperatorWide(snapshot);
        if (changed.isEmpty() && removed.isEmpty()) {
            if (!snapshot.commit().equals(applied.commit())) {
                applied = new Applied(snapshot.commit(), applied.generation());
                state.writeApplied(applied);
            }
            checkedOperatorWide = operatorWide.key();
            return new SyncReport(at, snapshot.commit(), applied.generation(), List.of(), List.of(),
                    operatorWide.problems(), null);
        }

        long generation = applied.generation() + 1;
        String commit = snapshot.commit();
        for (String id : changed) {
            post.accept(PipelineEvent.reached(Stage.REPO_CHANGED, id, commit, generation, metadataPath(id), null));
        }

        List<TenantFolder> folders = new ArrayList<>(changed.size());
        for (String id : changed) {
            folders.add(snapshot.tenant(id).orElseThrow(() -> new IOException("tenant folder " + id + " vanished")));
        }
        Set<String> changedIds = new HashSet<>(changed);
        Collection<TenantSpec> others = records.entrySet().stream()
                .filter(r -> trees.containsKey(r.getKey()) && !changedIds.contains(r.getKey()))
                .map(r -> r.getValue().spec())
                .filter(Objects::nonNull)
                .collect(Collectors.toList());
        List<TenantCheck> checks = RuleChecks.apply(validation.validate(folders, others), rules.get(), snapshot.files());

        // State first, events after: what is announced is already on disk.
        List<PipelineEvent> outcome = new ArrayList<>();
        List<ValidationProblem> problems = new ArrayList<>();
        for (TenantCheck check : checks) {
            String id = check.tenantId();
            TenantRecord before = records.get(id);
            TenantRecord after;
            if (check.valid()) {
                after = new TenantRecord(trees.get(id), generation, check.spec(), commit);
                outcome.add(PipelineEvent.reached(Stage.VALIDATED, id, commit, generation, check.path(), check.spec()));
            } else {
                after = new TenantRecord(trees.get(id), generation,
                        before == null ? null : before.spec(), before == null ? null : before.specCommit());
                problems.addAll(check.problems());
                outcome.add(PipelineEvent.failed(Stage.VALIDATED, id, commit, generation, check.path(),
                        check.problems().stream().map(ValidationProblem::toString).collect(Collectors.joining("\n"))));
            }
            state.writeTenant(id, after);
            records.put(id, after);
        }
        for (String id : removed) {
            state.deleteTenant(id);
            records.remove(id);
            outcome.add(PipelineEvent.removed(id, commit, generation));
        }
        problems.addAll(operatorWide.problems());
        applied = new Applied(commit, generation);
        state.writeApplied(applied);
        // Only now: a step that fails before here reports nothing, so the next one checks again.
        checkedOperatorWide = operatorWide.key();
        outcome.forEach(post);
        return new SyncReport(at, commit, generation, changed, removed, problems, null);
    }

    /** The repository rules' problems of one step, and what they checked (null: nothing). */
    private record OperatorWide(String key, List<ValidationProblem> problems) {}

    /**
     * The repository rules' problems when the watched folder ({@link RepositoryRule#WATCHED_FOLDER})
     * or the rules changed since the last check, else none: each is reported once, with the commit
     * that brought it. They change no tenant's state and send no event.
     */
    private OperatorWide checkOperatorWide(RepositorySnapshot snapshot) throws IOException {
        List<RepositoryRules.Named> now = repositoryRules.get();
        if (now.isEmpty()) {
            return new OperatorWide(null, List.of());
        }
        String key = snapshot.files().contentId(RepositoryRule.WATCHED_FOLDER).orElse("(none)") + " checked by "
                + now.stream().map(r -> r.name() + "@" + Integer.toHexString(System.identityHashCode(r.rule())))
                        .collect(Collectors.joining(","));
        if (key.equals(checkedOperatorWide)) {
            return new OperatorWide(key, List.of());
        }
        return new OperatorWide(key, RepositoryRules.check(now, snapshot.files()));
    }

    private static String metadataPath(String id) {
        return "tenants/" + id + "/metadata.json";
    }
}
