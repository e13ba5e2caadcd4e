/* The shared side of the snapshot folder's lock file (units.lock, mounts.lock). */
#ifndef BBH_SNAPSHOT_LOCK_H
#define BBH_SNAPSHOT_LOCK_H

/* Takes a shared POSIX record lock (fcntl F_SETLKW, F_RDLCK) on the whole file open at fd, waiting
 * at most timeout_seconds (0: do not wait). A POSIX record lock, not flock(2): bbh's writer takes
 * its exclusive lock through Java's FileChannel.lock, which is fcntl on Linux, and only locks of the
 * same kind exclude each other. Released when the process closes fd or exits.
 * Returns 0 when held, -ETIMEDOUT when the wait ran out, another -errno on failure. */
int lock_shared(int fd, unsigned timeout_seconds);

#endif
