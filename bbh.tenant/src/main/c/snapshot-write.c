#include "snapshot-write.h"

#include "generator-log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void refuse_duplicate(const struct snapshot *s, const char *path, struct write_counts *c) {
    log_warning("%s: %s exists in the output folder already; not overwritten (from %s)", s->label, path, s->origin);
    c->duplicates++;
}

static int write_all(int fd, const char *bytes, size_t size) {
    while (size > 0) {
        ssize_t n = write(fd, bytes, size);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -1;
        }
        bytes += n;
        size -= (size_t)n;
    }
    return 0;
}

/* Creates one entry. Returns 1 when created, 2 for a folder that existed (shared), 0 when refused as
 * a duplicate, -1 on failure (logged). */
static int create(const struct snapshot *s, const struct entry *e, int out, struct write_counts *c) {
    const char *path = snapshot_path(s, e);
    if (e->type == ENTRY_FOLDER) {
        if (mkdirat(out, path, 0755) == 0) {
            return 1;
        }
        struct stat there;
        if (errno == EEXIST && fstatat(out, path, &there, AT_SYMLINK_NOFOLLOW) == 0) {
            if (S_ISDIR(there.st_mode)) {
                return 2; /* shared with an earlier snapshot: not ours to take back */
            }
            refuse_duplicate(s, path, c);
            return 0;
        }
        log_error("%s: cannot create the folder %s in the output folder: %s", s->label, path, strerror(errno));
        return -1;
    }
    if (e->type == ENTRY_SYMLINK) {
        if (symlinkat(s->bytes + e->data, out, path) == 0) {
            return 1;
        }
        if (errno == EEXIST) {
            refuse_duplicate(s, path, c);
            return 0;
        }
        log_error("%s: cannot create the symlink %s in the output folder: %s", s->label, path, strerror(errno));
        return -1;
    }
    int fd = openat(out, path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC, 0644);
    if (fd < 0) {
        if (errno == EEXIST) {
            refuse_duplicate(s, path, c);
            return 0;
        }
        log_error("%s: cannot create %s in the output folder: %s", s->label, path, strerror(errno));
        return -1;
    }
    int written = write_all(fd, s->bytes + e->data, e->size);
    int error = errno;
    if (close(fd) < 0 && written == 0) {
        written = -1;
        error = errno;
    }
    if (written < 0) {
        unlinkat(out, path, 0);
        log_error("%s: cannot write %s in the output folder: %s", s->label, path, strerror(error));
        return -1;
    }
    return 1;
}

/* True when path lies below folder (folder/...). */
static int below(const char *path, const char *folder) {
    size_t n = strlen(folder);
    return strncmp(path, folder, n) == 0 && path[n] == '/';
}

int snapshot_write(const struct snapshot *s, int out, struct write_counts *counts) {
    struct write_counts c = {0};
    /* Indexes of the entries this call created, in order, so that a failure can take them back. */
    size_t *created = malloc((s->count > 0 ? s->count : 1) * sizeof *created);
    if (created == NULL) {
        log_error("%s: out of memory", s->label);
        return -1;
    }
    size_t made = 0;
    const char *refused_folder = NULL;
    int result = 0;
    for (size_t i = 0; i < s->count; i++) {
        const struct entry *e = &s->entries[i];
        /* Entries come folder first, its subtree right after: skip what is below a refused folder. */
        if (refused_folder != NULL) {
            if (below(snapshot_path(s, e), refused_folder)) {
                continue;
            }
            refused_folder = NULL;
        }
        int r = create(s, e, out, &c);
        if (r < 0) {
            result = -1;
            break;
        }
        if (r == 0 && e->type == ENTRY_FOLDER) {
            refused_folder = snapshot_path(s, e);
        }
        if (r == 1) {
            created[made++] = i;
            if (e->type != ENTRY_FOLDER) {
                c.entries++;
            }
        }
    }
    if (result < 0) {
        /* Newest first: a folder's entries before the folder. A folder another snapshot also wrote
         * into is not empty and stays. */
        while (made-- > 0) {
            const struct entry *e = &s->entries[created[made]];
            unlinkat(out, snapshot_path(s, e), e->type == ENTRY_FOLDER ? AT_REMOVEDIR : 0);
        }
    } else {
        counts->entries += c.entries;
        counts->duplicates += c.duplicates;
    }
    free(created);
    return result;
}
