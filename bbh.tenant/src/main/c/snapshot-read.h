/* Reads one snapshot (a slot's current folder) into memory, whole, before anything of it is
 * written: a snapshot that cannot be read costs nothing in the output. */
#ifndef BBH_SNAPSHOT_READ_H
#define BBH_SNAPSHOT_READ_H

#include <limits.h>
#include <stddef.h>

enum entry_type { ENTRY_FOLDER, ENTRY_FILE, ENTRY_SYMLINK };

/* One entry of a snapshot. Offsets point into the snapshot's bytes: path and link target are
 * NUL-terminated there, a file's content is size bytes. Entries come folder first, then what is
 * below it, so a folder's subtree follows it without a gap. */
struct entry {
    enum entry_type type;
    size_t path;
    size_t data;
    size_t size;
};

struct snapshot {
    char label[NAME_MAX + 16];  /* names the snapshot in log lines: "tenant acme", "host files" */
    char origin[PATH_MAX];      /* the folder read, for log lines */
    char *bytes;
    size_t used, capacity;
    struct entry *entries;
    size_t count, entry_capacity;
};

/* Reads the snapshot in force of the slot name (a folder open at parent): the folder its current
 * symlink names, which must lie beside it. folder is the parent's path, for log lines.
 * Returns 1 when read into *s, 0 when the slot has no current (a first write cut short: quiet),
 * -1 when it cannot be read (logged; *s is left empty). snapshot_free releases *s either way. */
int snapshot_read(int parent, const char *name, const char *label, const char *folder, struct snapshot *s);

const char *snapshot_path(const struct snapshot *s, const struct entry *e);

void snapshot_free(struct snapshot *s);

#endif
