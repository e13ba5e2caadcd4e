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
#include "snapshot-copy.h"
#include "snapshot-lock.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
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

struct totals {
    unsigned snapshots;
    unsigned skipped;
    unsigned entries;
    unsigned duplicates;
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

/* Copies slot/current (slot open at parent under name) into out. The current symlink must name a
 * folder beside it ("g12"): the writer makes it so, and it keeps a damaged state folder from
 * sending the copy elsewhere. A slot without current has no snapshot yet (an interrupted first
 * write) and is passed over quietly. */
static void copy_slot(int parent, const char *name, const char *label, const char *folder, int out, struct totals *t) {
    char path[PATH_MAX];
    char target[NAME_MAX + 1];
    int n = snprintf(path, sizeof path, "%s/current", name);
    if (n < 0 || (size_t)n >= sizeof path) {
        log_error("%s: name too long; skipped", label);
        t->skipped++;
        return;
    }
    ssize_t length = readlinkat(parent, path, target, sizeof target);
    if (length < 0 && errno == ENOENT) {
        return;
    }
    if (length < 0 || (size_t)length >= sizeof target || memchr(target, '/', (size_t)length) != NULL
        || (length <= 2 && target[0] == '.')) {
        log_error("%s: %s/%s/current is not a symlink to a snapshot folder beside it (%s); skipped", label, folder,
                  name, length < 0 ? strerror(errno) : "bad target");
        t->skipped++;
        return;
    }
    target[length] = '\0';
    char origin[PATH_MAX];
    n = snprintf(origin, sizeof origin, "%s/%s/%s", folder, name, target);
    if (n < 0 || (size_t)n >= sizeof origin || snprintf(path, sizeof path, "%s/%s", name, target) >= (int)sizeof path) {
        log_error("%s: path too long; skipped", label);
        t->skipped++;
        return;
    }
    int src = openat(parent, path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (src < 0) {
        log_error("%s: cannot open %s: %s; skipped", label, origin, strerror(errno));
        t->skipped++;
        return;
    }
    struct copy_counts counts;
    if (copy_snapshot(src, out, label, origin, &counts) < 0) {
        log_error("%s: snapshot %s not emitted; systemd keeps none of its files until a good one is written", label,
                  origin);
        t->skipped++;
    } else {
        t->snapshots++;
        t->entries += counts.entries;
        t->duplicates += counts.duplicates;
    }
    close(src);
}

static int by_name(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Copies every tenants/<id>/current, in the order of the ids: when two tenants carry the same path,
 * the first one keeps it on every run. */
static void copy_tenants(int top, const char *folder, int out, struct totals *t) {
    int tenants = openat(top, "tenants", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (tenants < 0) {
        if (errno != ENOENT) {
            log_error("cannot open %s/tenants: %s; no tenant emitted", folder, strerror(errno));
        }
        return;
    }
    DIR *listing = fdopendir(tenants);
    if (listing == NULL) {
        log_error("cannot list %s/tenants: %s; no tenant emitted", folder, strerror(errno));
        close(tenants);
        return;
    }
    char **names = NULL;
    size_t count = 0, capacity = 0;
    struct dirent *entry;
    errno = 0;
    while ((entry = readdir(listing)) != NULL) {
        if (entry->d_name[0] == '.') {
            continue; /* ".", "..", and never a tenant id */
        }
        if (count == capacity) {
            capacity = capacity == 0 ? 256 : capacity * 2;
            char **grown = realloc(names, capacity * sizeof *names);
            if (grown == NULL) {
                break;
            }
            names = grown;
        }
        if ((names[count] = strdup(entry->d_name)) == NULL) {
            break;
        }
        count++;
        errno = 0;
    }
    if (errno != 0) {
        log_error("cannot list all of %s/tenants: %s; emitting the %zu found", folder, strerror(errno), count);
    }
    qsort(names, count, sizeof *names, by_name);

    char tenants_folder[PATH_MAX + sizeof "/tenants"];
    snprintf(tenants_folder, sizeof tenants_folder, "%s/tenants", folder);
    for (size_t i = 0; i < count; i++) {
        char label[NAME_MAX + 16];
        snprintf(label, sizeof label, "tenant %s", names[i]);
        copy_slot(dirfd(listing), names[i], label, tenants_folder, out, t);
        free(names[i]);
    }
    free(names);
    closedir(listing);
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

    struct totals t = {0};
    copy_slot(top, "host", "host files", folder, out, &t);
    copy_tenants(top, folder, out, &t);

    if (t.skipped > 0 || t.duplicates > 0) {
        log_warning("%u snapshots emitted (%u files and links), %u skipped, %u duplicate paths refused", t.snapshots,
                    t.entries, t.skipped, t.duplicates);
    }
    if (lock >= 0) {
        close(lock); /* releases the shared lock */
    }
    close(top);
    close(out);
    return 0;
}
