package bbh.tenant.snapshot;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lock file of a snapshot folder ({@code units/units.lock}, {@code mounts/mounts.lock}), held
 * as a POSIX record lock over the whole file: Java's {@link FileChannel#lock} is {@code fcntl(2)
 * F_SETLKW} on Linux, the same kind the C generators take with {@code F_RDLCK}, so the two exclude
 * each other ({@code flock(2)} locks would not). The writer holds it exclusive while it deletes or
 * moves away snapshot folders; the generators hold it shared while they copy.
 *
 * <p>Record locks belong to the process, not to a thread or a descriptor: two threads of one JVM
 * cannot both hold one (Java throws {@code OverlappingFileLockException}), and closing any
 * descriptor of the file drops every lock the process has on it. So inside this JVM each lock file
 * has one in-process lock, taken before the file is opened and released after it is closed: the
 * file is never open twice at a time here.
 */
public final class SnapshotLock implements AutoCloseable {

    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final ReentrantLock inProcess;
    private final FileChannel channel;
    private final FileLock lock;

    private SnapshotLock(ReentrantLock inProcess, FileChannel channel, FileLock lock) {
        this.inProcess = inProcess;
        this.channel = channel;
        this.lock = lock;
    }

    /** Waits for and takes the lock exclusive, creating the file when it is missing. */
    public static SnapshotLock exclusive(Path lockFile) throws IOException {
        return take(lockFile, false);
    }

    /** Waits for and takes the lock shared, creating the file when it is missing. */
    public static SnapshotLock shared(Path lockFile) throws IOException {
        return take(lockFile, true);
    }

    /** True when the lock is taken exclusive. */
    public boolean isExclusive() {
        return !lock.isShared();
    }

    /** Releases the lock. */
    @Override
    public void close() throws IOException {
        try {
            channel.close(); // releases the record lock too
        } finally {
            inProcess.unlock();
        }
    }

    private static SnapshotLock take(Path lockFile, boolean shared) throws IOException {
        ReentrantLock inProcess = IN_PROCESS.computeIfAbsent(lockFile.toAbsolutePath().normalize(),
                p -> new ReentrantLock());
        if (inProcess.isHeldByCurrentThread()) {
            // fcntl locks do not nest: the inner close would silently release the outer lock.
            throw new IllegalStateException("this thread already holds " + lockFile);
        }
        inProcess.lock();
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            // Long.MAX_VALUE is l_len = 0 to the JDK: the whole file, like the generators' lock.
            FileLock lock = channel.lock(0, Long.MAX_VALUE, shared);
            return new SnapshotLock(inProcess, channel, lock);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            inProcess.unlock();
            throw e;
        }
    }
}
