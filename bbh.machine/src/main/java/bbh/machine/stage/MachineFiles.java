package bbh.machine.stage;

import bbh.api.stage.HostLayout;
import bbh.api.stage.MachinePlan;
import bbh.api.stage.StageException;
import bbh.api.tenant.TenantSpec;
import bbh.tenant.snapshot.UnitSnapshots;
import bbh.tenant.unit.GeneratedHeader;
import bbh.tenant.unit.RenderedTree;
import bbh.tenant.unit.UnitFile;
import bbh.tenant.unit.UnitValues;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Where a tenant's machine plan goes, and the record of what was written, so that a removal removes
 * exactly that and a changed plan is told from an unchanged one:
 * <pre>
 * &lt;state&gt;/machines/tenants/&lt;id&gt;/current/tenant-vm@&lt;i&gt;.service.d/60-machine.conf   the plan's drop-in
 * &lt;state&gt;/machines/tenants/&lt;id&gt;/current/tenant-vm@&lt;i&gt;.service.d/55-machine-order.conf (dependsOn)
 * &lt;state&gt;/machine-files/tenants/&lt;id&gt;/current/backend                         the backend's name
 * &lt;state&gt;/machine-files/tenants/&lt;id&gt;/current/files/&lt;path&gt;                  each plan file, as written
 * &lt;state&gt;/machine-files/tenants/&lt;id&gt;/current/drop-ins/...                    the drop-ins, as written
 * &lt;root&gt;/&lt;path&gt;                                                             each plan file in place
 * </pre>
 * The drop-ins are a snapshot that machine-generator (the generators' program built for
 * {@code <state>/machines}) copies into {@code /run/systemd/generator} on every daemon-reload and at
 * boot, so a machine comes back at boot from the last plan bbh wrote, as units do
 * (docs/generators.md). Plan files (a {@code .nspawn} file in {@code /etc/systemd/nspawn}) persist
 * where they are.
 *
 * <p>Order, so that a crash anywhere leaves a state the next apply repairs: plan files in place
 * (each written beside and renamed), files of the previous plan that the new one lacks deleted, then
 * the record switched, then the drop-in snapshot. A crash before the record's switch makes the
 * next apply see a change and restart the machine once more; never the other way round.
 *
 * <p>A changed machine also leaves a mark, {@code <state>/machine-files/restart-pending/<id>}, written
 * before the record's switch and cleared by the stage only once the machine was (re)started on the
 * new plan ({@link #startedOnPlan}). Without it, a restart that never happened after the record
 * switched (the systemd connection went away under a bundle update of bbh.tenant, bbh stopped, the
 * job timed out) would leave the machine running on its old plan while the record claimed the new
 * one: the next apply would see no change and never restart it.
 */
final class MachineFiles {

    /** The record of plan files written, under bbh's state. */
    static final String RECORD = "machine-files";
    private static final String FILES = "files/";
    private static final String BACKEND = "backend";
    private static final String DROP_INS = "drop-ins/";
    /** Beside the record's {@code tenants/} folder: one empty-ish file per tenant owed a restart. */
    private static final String RESTART_PENDING = "restart-pending";

    private final HostLayout host;
    private final boolean durable;

    MachineFiles(HostLayout host, boolean durable) {
        this.host = host;
        this.durable = durable;
    }

    /**
     * What a write changed.
     *
     * @param reload the drop-ins changed: systemd must reload to see them
     * @param machine the machine itself changed: its plan differs from the one in force in more than
     *     comments (every file's header names the commit, which alone changes no machine), so a
     *     running machine must restart
     */
    record Written(boolean reload, boolean machine) {}

    /** Writes the plan of {@code spec}'s machine. */
    Written write(TenantSpec spec, String commit, long generation, String backendName, MachinePlan plan)
            throws IOException, StageException {
        String id = spec.id();
        for (String path : plan.files().keySet()) {
            requireTenantsOwn(id, path);
        }
        Optional<RenderedTree> before = records().readTenant(id);
        Map<String, byte[]> beforeFiles = filesOf(before);
        for (Map.Entry<String, String> file : plan.files().entrySet()) {
            place(host.root().resolve(file.getKey()), file.getValue().getBytes(StandardCharsets.UTF_8));
        }
        for (String old : beforeFiles.keySet()) {
            if (!plan.files().containsKey(old)) {
                Files.deleteIfExists(host.root().resolve(old));
            }
        }
        RenderedTree dropIns = dropIns(spec, commit, plan);
        RenderedTree record = new RenderedTree().file(BACKEND, backendName + "\n");
        dropIns.entries().forEach((path, e) -> record.file(DROP_INS + path, new String(e.content(), StandardCharsets.UTF_8)));
        plan.files().forEach((path, content) -> record.file(FILES + path, content));
        // The comparison is made against the record, switched only after the files are in place: a
        // crash in between counts as a change, and the machine restarts once more, never once less.
        boolean machine = before.isEmpty() || !withoutComments(before.get()).equals(withoutComments(record))
                || Files.exists(restartPending(id));
        if (machine) {
            place(restartPending(id), (commit + "\n").getBytes(StandardCharsets.UTF_8));
        }
        records().writeTenant(id, generation, record);
        boolean reload = machines().writeTenant(id, generation, dropIns);
        return new Written(reload, machine);
    }

    /** Every entry but the backend's name, with comment lines dropped: what makes the machine. */
    private static Map<String, String> withoutComments(RenderedTree record) {
        Map<String, String> m = new TreeMap<>();
        record.entries().forEach((path, e) -> {
            if (!path.equals(BACKEND) && !e.isSymlink()) {
                m.put(path, new String(e.content(), StandardCharsets.UTF_8).lines()
                        .filter(l -> !l.startsWith("#") && !l.startsWith(";"))
                        .collect(java.util.stream.Collectors.joining("\n")));
            }
        });
        return m;
    }

    /** The machine runs on the plan last written: a restart is no longer owed (see the class comment). */
    void startedOnPlan(String tenantId) throws IOException {
        Files.deleteIfExists(restartPending(tenantId));
    }

    /** True while the machine is owed a (re)start onto the plan last written. */
    boolean restartOwed(String tenantId) {
        return Files.exists(restartPending(tenantId));
    }

    private Path restartPending(String tenantId) {
        return host.bbhState().resolve(RECORD).resolve(RESTART_PENDING).resolve(tenantId);
    }

    /**
     * Removes everything {@link #write} recorded for the tenant: plan files, record, drop-ins.
     *
     * @return true when the drop-ins were removed (systemd must reload)
     */
    boolean remove(String tenantId) throws IOException {
        for (String path : recordedFiles(tenantId).keySet()) {
            Files.deleteIfExists(host.root().resolve(path));
        }
        boolean dropIns = machines().removeTenant(tenantId);
        records().removeTenant(tenantId);
        startedOnPlan(tenantId);
        return dropIns;
    }

    /** The backend that wrote the tenant's machine in force, when there is one. */
    Optional<String> backend(String tenantId) throws IOException {
        Optional<RenderedTree> record = records().readTenant(tenantId);
        return record.map(r -> r.entries().get(BACKEND))
                .map(e -> new String(e.content(), StandardCharsets.UTF_8).strip());
    }

    /** The plan's drop-in, and the stage's own order drop-in when the tenant depends on others. */
    static RenderedTree dropIns(TenantSpec spec, String commit, MachinePlan plan) {
        String folder = MachineUnit.dropInFolder(spec.id()) + "/";
        RenderedTree tree = new RenderedTree().file(folder + MachineUnit.PLAN_DROP_IN, plan.unitDropIn());
        if (!spec.dependsOn().isEmpty()) {
            List<String> machines = spec.dependsOn().stream().sorted().map(MachineUnit::of).toList();
            UnitFile order = UnitFile.builder(MachineUnit.ORDER_DROP_IN)
                    .line(GeneratedHeader.of(spec.sourcePath(), commit))
                    .blank()
                    .comment("dependsOn: this tenant's machine starts after those of the tenants it depends on.")
                    .section("Unit")
                    .set("Wants", UnitValues.unitNames(machines))
                    .set("After", UnitValues.unitNames(machines))
                    .build();
            tree.file(folder + MachineUnit.ORDER_DROP_IN, order.text());
        }
        return tree;
    }

    /**
     * A plan file must belong to the tenant alone (MachinePlan's contract): its file name starts with
     * {@code <id>.} or one of its folders is named {@code <id>}. Two tenants can then never write one
     * file, whatever their backends render.
     */
    static void requireTenantsOwn(String tenantId, String path) throws StageException {
        List<String> parts = Arrays.asList(path.split("/"));
        String name = parts.get(parts.size() - 1);
        boolean own = name.startsWith(tenantId + ".") || parts.subList(0, parts.size() - 1).contains(tenantId);
        if (!own) {
            throw new StageException("the machine backend planned the file " + path + " for tenant " + tenantId
                    + ", which is not the tenant's own: expected a file named " + tenantId
                    + ".<suffix> or one inside a folder named " + tenantId);
        }
    }

    private Map<String, byte[]> recordedFiles(String tenantId) throws IOException {
        return filesOf(records().readTenant(tenantId));
    }

    private static Map<String, byte[]> filesOf(Optional<RenderedTree> record) {
        SortedMap<String, byte[]> files = new TreeMap<>();
        record.ifPresent(r -> r.entries().forEach((path, e) -> {
            if (path.startsWith(FILES) && !e.isSymlink()) {
                files.put(path.substring(FILES.length()), e.content());
            }
        }));
        return files;
    }

    /** Writes {@code content} at {@code target} unless it holds exactly that; true when written. */
    private boolean place(Path target, byte[] content) throws IOException {
        try {
            if (Arrays.equals(Files.readAllBytes(target), content)) {
                return false;
            }
        } catch (NoSuchFileException absent) {
            // written below
        }
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling("." + target.getFileName() + ".bbh-new");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(java.nio.ByteBuffer.wrap(content));
            if (durable) {
                out.force(true);
            }
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        if (durable) {
            try (FileChannel dir = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
                dir.force(true);
            }
        }
        return true;
    }

    private UnitSnapshots machines() {
        return new UnitSnapshots(UnitSnapshots.machines(host).folder(), durable);
    }

    private UnitSnapshots records() {
        return new UnitSnapshots(host.bbhState().resolve(RECORD), durable);
    }

    /** For tests: every path this class wrote for the tenant, relative to the host's root. */
    List<String> recordedPaths(String tenantId) throws IOException {
        return new ArrayList<>(recordedFiles(tenantId).keySet());
    }
}
