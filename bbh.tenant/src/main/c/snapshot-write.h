/* Writes one snapshot, read whole into memory, into a generator's output folder. */
#ifndef BBH_SNAPSHOT_WRITE_H
#define BBH_SNAPSHOT_WRITE_H

#include "snapshot-read.h"

struct write_counts {
    unsigned entries;    /* files and symlinks created */
    unsigned duplicates; /* entries refused because their path existed in the output already */
};

/* Creates the snapshot's entries in the output folder open at out: files with mode 0644, symlinks
 * as they are (a .wants link's target is content, never followed), folders 0755 (one that exists
 * already is shared, as multi-user.target.wants/ is by every tenant).
 *
 * An entry whose path exists in the output already is not overwritten, the way systemd's own
 * generators refuse duplicates: it is logged and skipped (a folder with what is below it), the
 * rest goes on.
 *
 * When the output cannot be written, everything this call created is removed again and -1
 * returned: a snapshot goes to systemd whole or not at all. counts is added to on success. */
int snapshot_write(const struct snapshot *s, int out, struct write_counts *counts);

#endif
