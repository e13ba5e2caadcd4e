/* tenant-generator and mount-generator: systemd generators (systemd.generator(7)) that copy bbh's
 * last written snapshots into the normal output folder (/run/systemd/generator), at boot and on
 * every daemon-reload. One source, built twice: SNAPSHOT_KIND names the snapshot folder under bbh's
 * state ("units" for tenant-generator, "mounts" for mount-generator).
 *
 *   tenant-generator NORMAL-DIR [EARLY-DIR LATE-DIR]
 *
 * Reads <state>/<kind>/: host/current and tenants/<id>/current, both symlinks to a complete folder.
 * <state> is $BBH_STATE, else $BBH_ROOT/var/lib/bbh, else /var/lib/bbh. Holds the shared lock on
 * <state>/<kind>/<kind>.lock while copying ($BBH_LOCK_TIMEOUT seconds at most, default 10; then it
 * copies without the lock, which is still safe: switching a snapshot is one rename).
 *
 * Exit code 0 unless the arguments or the output folder are unusable: one tenant's broken snapshot
 * is logged and skipped, never a reason to fail boot. The contract in full: docs/generators.md. */
#include "generator-log.h"
#include "snapshot-lock.h"
#include "snapshot-queue.h"
#include "snapshot-read.h"
#include "snapshot-write.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef SNAPSHOT_KIND
#define SNAPSHOT_KIND "units"
#endif
#ifndef PROGRAM_NAME
#define PROGRAM_NAME "tenant-generator"
#endif

#define DEFAULT_LOCK_TIMEOUT 10
#define MAX_LOCK_TIMEOUT 3600

/* What a run did; the reader thread counts its skips, the writer the rest. */
struct totals {
    unsigned snapshots;
    unsigned skipped_reading;
    unsigned skipped_writing;
    struct write_counts written;
};

/* The slots to copy, in order: host first, then the tenants by id. */
struct slots {
    int top;                     /* <state>/<kind> */
    const char *folder;          /* its path, for log lines */
    int tenants;                 /* <state>/<kind>/tenants, -1 when there is none */
    char tenants_folder[PATH_MAX + sizeof "/tenants"];
    char **names;                /* tenant ids, sorted */
    size_t count;
};

/* Where snapshots go once read: the writer's queue, or straight to the output (no second thread). */
struct run {
    struct slots *slots;
    struct snapshot_queue *queue;
    int out;
    struct totals totals;
};

/* The snapshot folder: $BBH_STATE/<kind>, else $BBH_ROOT/var/lib/bbh/<kind>. */
static int snapshot_folder(char *buffer, size_t size) {
    const char *state = getenv("BBH_STATE");
    const char *root = getenv("BBH_ROOT");
    int n;
    if (state != NULL && state[0] != '\0') {
        n = snprintf(buffer, size, "%s/%s", state, SNAPSHOT_KIND);
    } else {
        if (root == NULL || root[0] == '\0') {
            root = "/";
        }
        n = snprintf(buffer, size, "%s%svar/lib/bbh/%s", root, root[strlen(root) - 1] == '/' ? "" : "/", SNAPSHOT_KIND);
    }
    return n > 0 && (size_t)n < size ? 0 : -1;
}

static unsigned lock_timeout(void) {
    const char *value = getenv("BBH_LOCK_TIMEOUT");
    if (value == NULL || value[0] == '\0') {
        return DEFAULT_LOCK_TIMEOUT;
    }
    char *end;
    errno = 0;
    unsigned long seconds = strtoul(value, &end, 10);
    if (errno != 0 || *end != '\0' || value[0] == '-' || seconds > MAX_LOCK_TIMEOUT) {
        log_warning("BBH_LOCK_TIMEOUT=%s is not a number of seconds up to %d; waiting %d s", value,
                    MAX_LOCK_TIMEOUT, DEFAULT_LOCK_TIMEOUT);
        return DEFAULT_LOCK_TIMEOUT;
    }
    return (unsigned)seconds;
}

static void write_snapshot(struct run *run, struct snapshot *s) {
    if (snapshot_write(s, run->out, &run->totals.written) < 0) {
        log_error("%s: snapshot %s not emitted; systemd keeps none of its files until a good one is written", s->label,
                  s->origin);
        run->totals.skipped_writing++;
    } else {
        run->totals.snapshots++;
    }
    snapshot_free(s);
    free(s);
}

static void read_slot(struct run *run, int parent, const char *name, const char *label, const char *folder) {
    struct snapshot *s = malloc(sizeof *s);
    if (s == NULL) {
        log_error("%s: out of memory; skipped", label);
        run->totals.skipped_reading++;
        return;
    }
    int r = snapshot_read(parent, name, label, folder, s);
    if (r == 1) {
        if (run->queue != NULL) {
            queue_put(run->queue, s);
        } else {
            write_snapshot(run, s);
        }
        return;
    }
    if (r < 0) {
        log_error("%s: snapshot not emitted; systemd keeps none of its files until a good one is written", label);
        run->totals.skipped_reading++;
    }
    snapshot_free(s);
    free(s);
}

/* Reads every slot in order and hands each snapshot on. The reader thread's body. */
static void *read_slots(void *argument) {
    struct run *run = argument;
    struct slots *slots = run->slots;
    read_slot(run, slots->top, "host", "host files", slots->folder);
    for (size_t i = 0; i < slots->count; i++) {
        char label[NAME_MAX + 16];
        snprintf(label, sizeof label, "tenant %s", slots->names[i]);
        read_slot(run, slots->tenants, slots->names[i], label, slots->tenants_folder);
    }
    if (run->queue != NULL) {
        queue_close(run->queue);
    }
    return NULL;
}

static int by_name(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists tenants/ into slots, sorted: when two tenants carry the same path, the first one keeps it on
 * every run. Names starting with '.' are never tenant ids. */
static void list_tenants(struct slots *slots) {
    snprintf(slots->tenants_folder, sizeof slots->tenants_folder, "%s/tenants", slots->folder);
    slots->tenants = openat(slots->top, "tenants", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (slots->tenants < 0) {
        if (errno != ENOENT) {
            log_error("cannot open %s: %s; no tenant emitted", slots->tenants_folder, strerror(errno));
        }
        return;
    }
    int listed = fcntl(slots->tenants, F_DUPFD_CLOEXEC, 0); /* closedir closes it, the slots keep theirs */
    DIR *listing = listed < 0 ? NULL : fdopendir(listed);
    if (listing == NULL) {
        log_error("cannot list %s: %s; no tenant emitted", slots->tenants_folder, strerror(errno));
        if (listed >= 0) {
            close(listed);
        }
        return;
    }
    size_t capacity = 0;
    struct dirent *entry;
    errno = 0;
    while ((entry = readdir(listing)) != NULL) {
        if (entry->d_name[0] == '.') {
            continue;
        }
        if (slots->count == capacity) {
            capacity = capacity == 0 ? 256 : capacity * 2;
            char **grown = realloc(slots->names, capacity * sizeof *grown);
            if (grown == NULL) {
                break;
            }
            slots->names = grown;
        }
        if ((slots->names[slots->count] = strdup(entry->d_name)) == NULL) {
            break;
        }
        slots->count++;
        errno = 0;
    }
    if (errno != 0) {
        log_error("cannot list all of %s: %s; emitting the %zu found", slots->tenants_folder, strerror(errno),
                  slots->count);
    }
    closedir(listing);
    qsort(slots->names, slots->count, sizeof *slots->names, by_name);
}

int main(int argc, char **argv) {
    umask(022);
    log_open(PROGRAM_NAME);
    /* systemd passes three folders; one is allowed for tests (systemd.generator(7)). Only the normal
     * one is used: operator units in /etc must win over what bbh emits. */
    if (argc != 2 && argc != 4) {
        log_error("usage: %s NORMAL-DIR [EARLY-DIR LATE-DIR]", PROGRAM_NAME);
        return 1;
    }
    int out = open(argv[1], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (out < 0) {
        log_error("cannot open the output folder %s: %s", argv[1], strerror(errno));
        return 1;
    }

    char folder[PATH_MAX];
    if (snapshot_folder(folder, sizeof folder) < 0) {
        log_error("the state folder's path is too long");
        return 1;
    }
    int top = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (top < 0) {
        if (errno != ENOENT) {
            log_error("cannot open %s: %s; nothing emitted", folder, strerror(errno));
        }
        return 0; /* no snapshot written yet (or /var not mounted yet): nothing to emit */
    }

    /* Opened read-only and never created here: the generator writes only into its output folders,
     * and /var may still be read-only. The writer creates it before its first snapshot, so a
     * missing lock file means there is nothing a writer could delete under us. */
    int lock = openat(top, SNAPSHOT_KIND ".lock", O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
    if (lock >= 0) {
        unsigned timeout = lock_timeout();
        int r = lock_shared(lock, timeout);
        if (r == -ETIMEDOUT) {
            log_warning("%s/%s.lock: not granted within %u s; copying without it (each snapshot switch is atomic)",
                        folder, SNAPSHOT_KIND, timeout);
        } else if (r < 0) {
            log_warning("%s/%s.lock: cannot lock: %s; copying without it", folder, SNAPSHOT_KIND, strerror(-r));
        }
    } else if (errno != ENOENT) {
        log_warning("%s/%s.lock: cannot open: %s; copying without it", folder, SNAPSHOT_KIND, strerror(errno));
    }

    struct slots slots = {.top = top, .folder = folder, .tenants = -1};
    list_tenants(&slots);

    /* Reading (bbh's state, on disk) and writing (the output folder, a tmpfs at boot) take about as
     * long each: a second thread reads ahead while this one writes, in order. Without a thread the
     * same work runs in turn. */
    struct snapshot_queue queue;
    queue_init(&queue);
    struct run run = {.slots = &slots, .queue = &queue, .out = out};
    pthread_t reader;
    if (pthread_create(&reader, NULL, read_slots, &run) != 0) {
        run.queue = NULL;
        read_slots(&run);
    } else {
        struct snapshot *s;
        while ((s = queue_take(&queue)) != NULL) {
            write_snapshot(&run, s);
        }
        pthread_join(reader, NULL);
    }
    queue_destroy(&queue);

    struct totals *t = &run.totals;
    unsigned skipped = t->skipped_reading + t->skipped_writing;
    if (skipped > 0 || t->written.duplicates > 0) {
        log_warning("%u snapshots emitted (%u files and links), %u skipped, %u duplicate paths refused", t->snapshots,
                    t->written.entries, skipped, t->written.duplicates);
    }
    for (size_t i = 0; i < slots.count; i++) {
        free(slots.names[i]);
    }
    free(slots.names);
    if (slots.tenants >= 0) {
        close(slots.tenants);
    }
    if (lock >= 0) {
        close(lock); /* releases the shared lock */
    }
    close(top);
    close(out);
    return 0;
}
