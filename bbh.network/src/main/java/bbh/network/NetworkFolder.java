package bbh.network;

import bbh.tenant.unit.RenderedTree;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * networkd's runtime folder ({@code /run/systemd/network}) as bbh writes it: each tenant's set of
 * files is switched as a whole, so that a crash leaves either its last good set or the new one, never
 * a mix, and files that are already right are not touched.
 *
 * <p>networkd reads the folder flat (drop-ins aside), so a set cannot be switched by renaming one
 * folder as the units stage does. Instead a small journal rolls forward: (1) the new files are
 * written beside their places under hidden names ({@code .NAME.bbh-new}, which networkd skips,
 * systemd's {@code conf_files_list()} ignoring hidden files) and synced; (2) a journal naming every
 * file to put in place and every file to delete is written atomically into bbh's state; (3) the
 * renames and deletions are done and the tenant's list of files is written; (4) the journal goes. A
 * journal found later (after a crash in step 3) is carried out again before anything else touches
 * that tenant: each of its steps can be repeated. networkd is reloaded only after step 4, so it never
 * loads half a set either way.
 */
final class NetworkFolder {

    private static final String NEW_SUFFIX = ".bbh-new";

    /**
     * One lock per networkd folder, across instances: tenants are applied in parallel, and two of them
     * may share a drop-in folder of an uplink, which one may delete when it empties while the other
     * stages a file in it. Writing a tenant's few files is short; serializing them costs little.
     */
    private static final java.util.concurrent.ConcurrentMap<Path, Object> LOCKS = new java.util.concurrent.ConcurrentHashMap<>();

    private final Path folder;
    private final Path state;
    private final boolean durable;
    private final Object lock;

    /**
     * @param folder networkd's folder, e.g. {@code /run/systemd/network}
     * @param state bbh's folder for the lists of files and the journals
     * @param durable fsync files and folders (a host whose networkd uses them); rendering into a
     *     folder skips it
     */
    NetworkFolder(Path folder, Path state, boolean durable) {
        this.folder = folder;
        this.state = state;
        this.durable = durable;
        this.lock = LOCKS.computeIfAbsent(folder.toAbsolutePath().normalize(), k -> new Object());
    }

    Path folder() {
        return folder;
    }

    /**
     * Makes {@code files} the tenant's set: writes what differs, deletes what the tenant no longer has.
     *
     * @return true when anything changed
     */
    boolean write(String tenant, RenderedTree files) throws IOException {
        synchronized (lock) {
            return writeLocked(tenant, files);
        }
    }

    private boolean writeLocked(String tenant, RenderedTree files) throws IOException {
        recover(tenant);
        SortedSet<String> old = listed(tenant);
        List<String> put = new ArrayList<>();
        for (RenderedTree.Entry e : files.entries().values()) {
            Path target = folder.resolve(e.path());
            if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), e.content())) {
                continue;
            }
            Path tmp = staged(e.path());
            Files.createDirectories(tmp.getParent());
            Files.write(tmp, e.content());
            sync(tmp);
            put.add(e.path());
        }
        SortedSet<String> delete = new TreeSet<>(old);
        delete.removeAll(files.entries().keySet());
        if (put.isEmpty() && delete.isEmpty() && old.equals(files.entries().keySet())) {
            return false;
        }
        List<String> journal = new ArrayList<>();
        put.forEach(p -> journal.add("+" + p));
        delete.forEach(p -> journal.add("-" + p));
        files.entries().keySet().forEach(p -> journal.add("=" + p));
        writeAtomically(journal(tenant), String.join("\n", journal) + "\n");
        recover(tenant);
        return !put.isEmpty() || !delete.isEmpty();
    }

    /**
     * Has networkd read the folder while no tenant's set is half switched: tenants are applied in
     * parallel, and a reload for one, landing between two renames of another's set, would load that
     * set in part (an uplink's drop-in naming a VLAN whose .netdev is not there yet). networkd 252
     * then does not configure the uplink again on the next reload, as its .network did not change, so
     * the VLAN would never be made. Manager.Reload replies once networkd has read its files.
     */
    void reload(bbh.api.systemd.Networkd networkd) throws bbh.api.systemd.SystemdException {
        synchronized (lock) {
            networkd.reload();
        }
    }

    /** Deletes every file of the tenant; true when there were any. */
    boolean remove(String tenant) throws IOException {
        return write(tenant, new RenderedTree());
    }

    /** The tenant's files as last written. */
    SortedSet<String> listed(String tenant) throws IOException {
        Path list = list(tenant);
        SortedSet<String> names = new TreeSet<>();
        if (Files.isRegularFile(list)) {
            for (String l : Files.readAllLines(list, StandardCharsets.UTF_8)) {
                if (!l.isEmpty()) {
                    names.add(l);
                }
            }
        }
        return names;
    }

    /** Carries out every journal left by a crash. */
    void recoverAll() throws IOException {
        synchronized (lock) {
            recoverAllLocked();
        }
    }

    private void recoverAllLocked() throws IOException {
        if (!Files.isDirectory(state)) {
            return;
        }
        try (var entries = Files.list(state)) {
            for (Path p : entries.toList()) {
                String name = p.getFileName().toString();
                if (name.endsWith(".journal")) {
                    recover(name.substring(0, name.length() - ".journal".length()));
                }
            }
        }
    }

    /** Step 3 and 4 of a journal, if one is there. */
    private void recover(String tenant) throws IOException {
        Path journal = journal(tenant);
        if (!Files.isRegularFile(journal)) {
            return;
        }
        List<String> keep = new ArrayList<>();
        for (String line : Files.readAllLines(journal, StandardCharsets.UTF_8)) {
            if (line.isEmpty()) {
                continue;
            }
            String path = line.substring(1);
            switch (line.charAt(0)) {
                case '+' -> {
                    Path tmp = staged(path);
                    if (Files.exists(tmp)) { // else renamed before the crash
                        move(tmp, folder.resolve(path));
                    }
                }
                case '-' -> {
                    Path gone = folder.resolve(path);
                    Files.deleteIfExists(gone);
                    deleteEmptyDropInFolder(gone.getParent());
                }
                case '=' -> keep.add(path);
                default -> throw new IOException(journal + ": unreadable line '" + line + "'");
            }
        }
        if (durable) {
            sync(folder);
        }
        if (keep.isEmpty()) {
            Files.deleteIfExists(list(tenant));
        } else {
            writeAtomically(list(tenant), String.join("\n", keep) + "\n");
        }
        Files.delete(journal);
    }

    private void deleteEmptyDropInFolder(Path dir) throws IOException {
        if (!dir.equals(folder) && dir.getFileName().toString().endsWith(".d")) {
            try (var left = Files.list(dir)) {
                if (left.findAny().isEmpty()) {
                    Files.deleteIfExists(dir);
                }
            }
        }
    }

    private Path staged(String path) {
        Path target = folder.resolve(path);
        return target.resolveSibling("." + target.getFileName() + NEW_SUFFIX);
    }

    private Path journal(String tenant) {
        return state.resolve(tenant + ".journal");
    }

    private Path list(String tenant) {
        return state.resolve(tenant + ".files");
    }

    private void writeAtomically(Path target, String content) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling("." + target.getFileName() + NEW_SUFFIX);
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        sync(tmp);
        move(tmp, target);
        if (durable) {
            sync(target.getParent());
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void sync(Path p) throws IOException {
        if (!durable) {
            return;
        }
        try (FileChannel c = FileChannel.open(p, Files.isDirectory(p) ? StandardOpenOption.READ : StandardOpenOption.WRITE)) {
            c.force(true);
        }
    }
}
