/* Copies one snapshot folder into a generator's output folder: all of it, or nothing. */
#ifndef BBH_SNAPSHOT_COPY_H
#define BBH_SNAPSHOT_COPY_H

struct copy_counts {
    unsigned entries;    /* files and symlinks created */
    unsigned duplicates; /* entries refused because their path existed in the output already */
};

/* Copies everything below the folder open at src into the output folder open at out: files (mode
 * 0644), symlinks as they are (never followed: a .wants link's target is content), folders (0755;
 * one that exists already is shared, as multi-user.target.wants/ is by every tenant).
 *
 * An entry whose path exists in the output already is not overwritten, the way systemd's own
 * generators refuse duplicates: it is logged and skipped, the rest goes on.
 *
 * When the snapshot cannot be read or written (an I/O error, an entry that is neither file, folder
 * nor symlink, a folder too deep), everything this call created is removed again and -1 returned:
 * a snapshot goes to systemd whole or not at all.
 *
 * label names the snapshot in log lines ("tenant acme"); origin is the source folder's path, for
 * the same lines. counts is filled in on success. */
int copy_snapshot(int src, int out, const char *label, const char *origin, struct copy_counts *counts);

#endif
