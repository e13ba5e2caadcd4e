package bbh.tenant.snapshot;

import bbh.api.stage.HostLayout;
import bbh.api.tenant.TenantNames;
import bbh.tenant.unit.RenderedTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The snapshots the generators copy into systemd's view: a snapshot folder ({@code <state>/units},
 * or {@code <state>/mounts} for the mount generator) holding
 * <pre>
 * units.lock                    the lock file ({@link SnapshotLock}); named after the folder
 * host/current -&gt; g&lt;N&gt;          host-wide files (tenant.slice)
 * tenants/&lt;id&gt;/current -&gt; g&lt;N&gt;  one tenant's files: its slice, drop-ins, .wants symlinks
 * tenants/&lt;id&gt;/g&lt;N&gt;/...         N = the generation; files as they go into the generator's output folder
 * </pre>
 * The contract with the generators, and why it looks like this: docs/generators.md.
 *
 * <h2>Writing a slot ({@code host} or {@code tenants/<id>})</h2>
 * <ol>
 *   <li>When {@code current} already holds exactly the files given, nothing is written: a restart
 *       that renders the same commit again touches nothing (whatever the generation).</li>
 *   <li>The files go into a new folder {@code g<N>} ({@code g<N>-2}, ... when {@code g<N>} is the
 *       current one and the content differs), fsync'd when the writer is durable.</li>
 *   <li>A symlink {@code .current.new -> g<N>} is made beside {@code current} and renamed over it:
 *       one rename(2) switches the slot. Readers resolve {@code current} once, so they see the old
 *       folder or the new one, never a mix.</li>
 *   <li>Under the EXCLUSIVE lock, everything in the slot but {@code current} and its folder is
 *       deleted: older generations, and leftovers of an interrupted write (a half-written
 *       {@code g*}, a stray {@code .current.new}). A generator holding the shared lock is copying
 *       from a folder that may just have stopped being current; the lock keeps it alive until the
 *       copy ends.</li>
 * </ol>
 * A crash at any point leaves {@code current} on the previous folder or the new, complete one. With
 * a durable writer ({@link #units(HostLayout)}) the same holds for a power cut: files and folders
 * are fsync'd before the switch and the slot's folder after it, so once a write returns its
 * snapshot survives one. A writer made with {@code durable = false} (rendering into a scratch
 * folder, benchmarks) survives a crash of the process but not of the machine.
 *
 * <p>Calls for one slot must not overlap (the pipeline never runs two works of one tenant at once);
 * calls for different slots may.
 */
public final class UnitSnapshots {

    /** The symlink naming a slot's snapshot in force. */
    public static final String CURRENT = "current";
    /** The host-wide slot's folder. */
    public static final String HOST = "host";
    /** The folder of the tenants' slots. */
    public static final String TENANTS = "tenants";

    /** A new {@code current} being made; renamed over {@link #CURRENT}. */
    static final String NEW_LINK = ".current.new";
    /** Where removed tenants' slots go before they are deleted (outside {@link #TENANTS}). */
    static final String TRASH = ".trash";

    private static final AtomicLong TRASH_COUNTER = new AtomicLong();

    private final Path folder;
    private final boolean durable;

    /**
     * Snapshots in {@code folder}; its lock file is {@code folder/<folder's name>.lock}.
     *
     * @param durable fsync files and folders around each switch (see the class comment)
     */
    public UnitSnapshots(Path folder, boolean durable) {
        this.folder = folder.toAbsolutePath().normalize();
        this.durable = durable;
    }

    /** The unit snapshots of a host, {@code <state>/units}, durable: what tenant-generator reads. */
    public static UnitSnapshots units(HostLayout host) {
        return new UnitSnapshots(host.bbhState().resolve("units"), true);
    }

    /** The mount snapshots of a host, {@code <state>/mounts}, durable: what mount-generator reads. */
    public static UnitSnapshots mounts(HostLayout host) {
        return new UnitSnapshots(host.bbhState().resolve("mounts"), true);
    }

    /**
     * The machine snapshots of a host, {@code <state>/machines}, durable: what machine-generator
     * reads (each tenant's {@code tenant-vm@} drop-in from its machine backend).
     */
    public static UnitSnapshots machines(HostLayout host) {
        return new UnitSnapshots(host.bbhState().resolve("machines"), true);
    }

    /** The snapshot folder. */
    public Path folder() {
        return folder;
    }

    /** The lock file the generator honours: {@code <folder>/<folder's name>.lock}. */
    public Path lockFile() {
        return folder.resolve(folder.getFileName() + ".lock");
    }

    /**
     * Makes {@code files} the tenant's snapshot in force, as generation {@code generation}.
     *
     * @return true when it switched, false when the tenant's snapshot already held exactly these files
     * @throws IllegalArgumentException when {@code id} is not a valid tenant id
     */
    public boolean writeTenant(String id, long generation, RenderedTree files) throws IOException {
        return write(tenantSlot(id), generation, files);
    }

    /** Makes {@code files} the host-wide snapshot in force; as {@link #writeTenant}. */
    public boolean writeHost(long generation, RenderedTree files) throws IOException {
        return write(folder.resolve(HOST), generation, files);
    }

    /**
     * Removes the tenant's snapshot: under the exclusive lock its slot is renamed out of
     * {@code tenants/} (the generators no longer see it), then deleted.
     *
     * @return false when the tenant had no slot
     */
    public boolean removeTenant(String id) throws IOException {
        Path slot = tenantSlot(id);
        if (!Files.exists(slot, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        Path trash = folder.resolve(TRASH);
        Files.createDirectories(trash);
        Path away = trash.resolve(id + "." + ProcessHandle.current().pid() + "." + TRASH_COUNTER.incrementAndGet());
        try (SnapshotLock lock = SnapshotLock.exclusive(ensureLockFile())) {
            Files.move(slot, away, StandardCopyOption.ATOMIC_MOVE);
        }
        if (durable) {
            SnapshotFiles.syncFolder(slot.getParent());
        }
        // Outside the lock: nothing reads the trash. Also clears what an earlier crash left there.
        try (DirectoryStream<Path> left = Files.newDirectoryStream(trash)) {
            for (Path p : left) {
                SnapshotFiles.delete(p);
            }
        }
        return true;
    }

    /** The ids of the tenants with a snapshot in force, sorted. */
    public List<String> currentTenants() throws IOException {
        List<String> ids = new ArrayList<>();
        Path tenants = folder.resolve(TENANTS);
        if (!Files.isDirectory(tenants)) {
            return ids;
        }
        try (DirectoryStream<Path> slots = Files.newDirectoryStream(tenants)) {
            for (Path slot : slots) {
                String id = slot.getFileName().toString();
                if (TenantNames.isValidId(id) && currentName(slot).isPresent()) {
                    ids.add(id);
                }
            }
        }
        ids.sort(null);
        return ids;
    }

    /** The generation of the tenant's snapshot in force, empty when it has none. */
    public OptionalLong tenantGeneration(String id) throws IOException {
        return generationOf(tenantSlot(id));
    }

    /** The generation of the host-wide snapshot in force, empty when there is none. */
    public OptionalLong hostGeneration() throws IOException {
        return generationOf(folder.resolve(HOST));
    }

    /**
     * The tenant's files in force, read under the shared lock (so no writer deletes them meanwhile),
     * file contents decoded as UTF-8; empty when it has no snapshot.
     */
    public Optional<RenderedTree> readTenant(String id) throws IOException {
        return readSlot(tenantSlot(id));
    }

    /** The host-wide files in force; as {@link #readTenant}. */
    public Optional<RenderedTree> readHost() throws IOException {
        return readSlot(folder.resolve(HOST));
    }

    private boolean write(Path slot, long generation, RenderedTree files) throws IOException {
        if (generation < 0) {
            throw new IllegalArgumentException("generation must not be negative: " + generation);
        }
        ensureLockFile();
        Files.createDirectories(slot);
        Optional<String> current = currentName(slot);
        if (current.isPresent() && SnapshotFiles.holds(slot.resolve(current.get()), files)) {
            removeAllBut(slot, current.get());
            return false;
        }
        String name = "g" + generation;
        for (int n = 2; current.isPresent() && current.get().equals(name); n++) {
            name = "g" + generation + "-" + n;
        }
        Path next = slot.resolve(name);
        if (Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
            // Left by an interrupted write; never current (checked above), but deleting is the lock's job.
            try (SnapshotLock lock = SnapshotLock.exclusive(lockFile())) {
                SnapshotFiles.delete(next);
            }
        }
        SnapshotFiles.write(next, files, durable);

        Path newLink = slot.resolve(NEW_LINK);
        Files.deleteIfExists(newLink);
        Files.createSymbolicLink(newLink, Path.of(name)); // relative: the tree may be seen under another root
        Files.move(newLink, slot.resolve(CURRENT), StandardCopyOption.ATOMIC_MOVE); // rename(2) over current
        if (durable) {
            SnapshotFiles.syncFolder(slot);
        }
        removeAllBut(slot, name);
        return true;
    }

    /** Deletes, under the exclusive lock, every entry of the slot but {@code current} and {@code keep}. */
    private void removeAllBut(Path slot, String keep) throws IOException {
        List<Path> stale = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(slot)) {
            for (Path p : entries) {
                String n = p.getFileName().toString();
                if (!n.equals(CURRENT) && !n.equals(keep)) {
                    stale.add(p);
                }
            }
        }
        if (stale.isEmpty()) {
            return;
        }
        try (SnapshotLock lock = SnapshotLock.exclusive(lockFile())) {
            for (Path p : stale) {
                SnapshotFiles.delete(p);
            }
        }
    }

    private Optional<RenderedTree> readSlot(Path slot) throws IOException {
        try (SnapshotLock lock = SnapshotLock.shared(ensureLockFile())) {
            Optional<String> current = currentName(slot);
            if (current.isEmpty()) {
                return Optional.empty();
            }
            SortedMap<String, RenderedTree.Entry> entries = SnapshotFiles.read(slot.resolve(current.get()));
            RenderedTree tree = new RenderedTree();
            for (RenderedTree.Entry e : entries.values()) {
                if (e.isSymlink()) {
                    tree.symlink(e.path(), e.linkTarget());
                } else {
                    tree.file(e.path(), new String(e.content(), StandardCharsets.UTF_8));
                }
            }
            return Optional.of(tree);
        }
    }

    private static OptionalLong generationOf(Path slot) throws IOException {
        Optional<String> name = currentName(slot);
        if (name.isEmpty()) {
            return OptionalLong.empty();
        }
        String digits = name.get().substring(1);
        int dash = digits.indexOf('-');
        return OptionalLong.of(Long.parseLong(dash < 0 ? digits : digits.substring(0, dash)));
    }

    /** The folder {@code current} names, when it is a symlink to a {@code g*} folder of the slot. */
    private static Optional<String> currentName(Path slot) throws IOException {
        Path target;
        try {
            target = Files.readSymbolicLink(slot.resolve(CURRENT));
        } catch (NoSuchFileException | NotLinkException none) {
            return Optional.empty();
        }
        String name = target.toString();
        if (!name.matches("g[0-9]+(-[0-9]+)?") || !Files.isDirectory(slot.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        return Optional.of(name);
    }

    private Path tenantSlot(String id) {
        if (!TenantNames.isValidId(id)) {
            throw new IllegalArgumentException("not a tenant id: '" + id + "'");
        }
        return folder.resolve(TENANTS).resolve(id);
    }

    /**
     * Creates the folder and its lock file when missing. Done before any slot is written, so that a
     * generator that finds a snapshot also finds the lock file (it never creates one: it may run
     * before /var is writable).
     */
    private Path ensureLockFile() throws IOException {
        Path lock = lockFile();
        if (!Files.exists(lock, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(folder);
            try {
                Files.createFile(lock);
            } catch (FileAlreadyExistsException raced) {
                // another writer made it first: fine
            }
        }
        return lock;
    }
}
