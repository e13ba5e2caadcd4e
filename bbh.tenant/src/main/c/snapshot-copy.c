#include "snapshot-copy.h"

#include "generator-log.h"

#include <dirent.h> /* getdents64, struct dirent64 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A snapshot is a few levels deep (unit.d/, target.wants/); more means something is wrong, and
 * each level holds a descriptor open. */
#define MAX_DEPTH 8
/* Bytes per call when copying a file; a unit file is far smaller. */
#define CHUNK 65536

/* What one copy created in the output folder, in order, so that a failure can take it back. */
struct created {
    char **paths;
    unsigned char *is_folder;
    size_t count;
    size_t capacity;
};

struct copy {
    int out;
    const char *label;
    const char *origin;
    struct created created;
    struct copy_counts counts;
};

static int remember(struct copy *c, const char *path, int is_folder) {
    struct created *m = &c->created;
    if (m->count == m->capacity) {
        size_t capacity = m->capacity == 0 ? 16 : m->capacity * 2;
        char **paths = realloc(m->paths, capacity * sizeof *paths);
        if (paths == NULL) {
            return -1;
        }
        m->paths = paths;
        unsigned char *folders = realloc(m->is_folder, capacity);
        if (folders == NULL) {
            return -1;
        }
        m->is_folder = folders;
        m->capacity = capacity;
    }
    m->paths[m->count] = strdup(path);
    if (m->paths[m->count] == NULL) {
        return -1;
    }
    m->is_folder[m->count] = (unsigned char)is_folder;
    m->count++;
    return 0;
}

/* Removes what the copy created, newest first (a folder's entries before the folder). A folder
 * another snapshot also wrote into later is not empty and stays; nothing else can be in it. */
static void take_back(struct copy *c) {
    for (size_t i = c->created.count; i-- > 0;) {
        unlinkat(c->out, c->created.paths[i], c->created.is_folder[i] ? AT_REMOVEDIR : 0);
    }
}

static void forget(struct copy *c) {
    for (size_t i = 0; i < c->created.count; i++) {
        free(c->created.paths[i]);
    }
    free(c->created.paths);
    free(c->created.is_folder);
}

static void refuse_duplicate(struct copy *c, const char *path) {
    log_warning("%s: %s exists in the output folder already; not overwritten (from %s)", c->label, path, c->origin);
    c->counts.duplicates++;
}

/* Copies the bytes of the regular file open at in to out. Returns 0, or -1 with errno set.
 * (sendfile(2) was tried: no gain measurable with files this small, bench/generator.) */
static int copy_bytes(int in, int out) {
    char buffer[CHUNK];
    for (;;) {
        ssize_t n = read(in, buffer, sizeof buffer);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -1;
        }
        for (ssize_t done = 0; done < n;) {
            ssize_t w = write(out, buffer + done, (size_t)(n - done));
            if (w < 0) {
                if (errno == EINTR) {
                    continue;
                }
                return -1;
            }
            done += w;
        }
        /* A regular file's read gives less than asked for only at its end, and a snapshot's files
         * never change (a write makes a new folder): a short read ends the copy, saving the read
         * that would return 0, one system call in nine here. */
        if (n < CHUNK) {
            return 0;
        }
    }
}

static int copy_file(struct copy *c, int src_folder, const char *name, const char *path) {
    int in = openat(src_folder, name, O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
    if (in < 0) {
        log_error("%s: cannot open %s/%s: %s", c->label, c->origin, path, strerror(errno));
        return -1;
    }
    int out = openat(c->out, path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC, 0644);
    if (out < 0) {
        int e = errno;
        close(in);
        if (e == EEXIST) {
            refuse_duplicate(c, path);
            return 0;
        }
        log_error("%s: cannot create %s in the output folder: %s", c->label, path, strerror(e));
        return -1;
    }
    if (remember(c, path, 0) < 0) {
        log_error("%s: out of memory", c->label);
        close(in);
        close(out);
        unlinkat(c->out, path, 0);
        return -1;
    }
    if (copy_bytes(in, out) < 0) {
        log_error("%s: cannot copy %s/%s to the output folder: %s", c->label, c->origin, path, strerror(errno));
        close(in);
        close(out);
        return -1;
    }
    close(in);
    if (close(out) < 0) {
        log_error("%s: cannot write %s in the output folder: %s", c->label, path, strerror(errno));
        return -1;
    }
    c->counts.entries++;
    return 0;
}

static int copy_symlink(struct copy *c, int src_folder, const char *name, const char *path) {
    char target[PATH_MAX];
    ssize_t n = readlinkat(src_folder, name, target, sizeof target);
    if (n < 0 || (size_t)n >= sizeof target) {
        log_error("%s: cannot read the symlink %s/%s: %s", c->label, c->origin, path,
                  n < 0 ? strerror(errno) : "target too long");
        return -1;
    }
    target[n] = '\0';
    if (symlinkat(target, c->out, path) < 0) {
        if (errno == EEXIST) {
            refuse_duplicate(c, path);
            return 0;
        }
        log_error("%s: cannot create the symlink %s in the output folder: %s", c->label, path, strerror(errno));
        return -1;
    }
    if (remember(c, path, 0) < 0) {
        log_error("%s: out of memory", c->label);
        unlinkat(c->out, path, 0);
        return -1;
    }
    c->counts.entries++;
    return 0;
}

static int copy_folder(struct copy *c, int src_folder, const char *prefix, int depth);

/* Creates the folder path in the output (or shares one that exists) and copies name's entries into
 * it. Returns 0 also when the path is taken by something that is not a folder (a duplicate). */
static int copy_subfolder(struct copy *c, int src_folder, const char *name, const char *path, int depth) {
    if (depth >= MAX_DEPTH) {
        log_error("%s: %s/%s is nested deeper than %d folders", c->label, c->origin, path, MAX_DEPTH);
        return -1;
    }
    if (mkdirat(c->out, path, 0755) == 0) {
        if (remember(c, path, 1) < 0) {
            log_error("%s: out of memory", c->label);
            unlinkat(c->out, path, AT_REMOVEDIR);
            return -1;
        }
    } else if (errno == EEXIST) {
        struct stat there;
        if (fstatat(c->out, path, &there, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISDIR(there.st_mode)) {
            refuse_duplicate(c, path);
            return 0;
        }
    } else {
        log_error("%s: cannot create the folder %s in the output folder: %s", c->label, path, strerror(errno));
        return -1;
    }
    int sub = openat(src_folder, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (sub < 0) {
        log_error("%s: cannot open %s/%s: %s", c->label, c->origin, path, strerror(errno));
        return -1;
    }
    int result = copy_folder(c, sub, path, depth + 1);
    close(sub);
    return result;
}

/* Copies the entries of the folder open at src_folder to prefix/ in the output.
 * Lists with getdents64(2) rather than readdir(3): fdopendir costs an fstat and two fcntl calls per
 * folder, a third of all system calls for a snapshot of small folders (bench/generator). */
static int copy_folder(struct copy *c, int src_folder, const char *prefix, int depth) {
    _Alignas(struct dirent64) char listing[16384];
    int result = 0;
    for (;;) {
        ssize_t size = getdents64(src_folder, listing, sizeof listing);
        if (size == 0) {
            break;
        }
        if (size < 0) {
            log_error("%s: cannot list %s/%s: %s", c->label, c->origin, prefix, strerror(errno));
            result = -1;
            break;
        }
        for (ssize_t at = 0; at < size && result == 0;) {
            struct dirent64 *entry = (struct dirent64 *)(listing + at);
            at += entry->d_reclen;
            const char *name = entry->d_name;
            if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
                continue;
            }
            char path[PATH_MAX];
            int n = prefix[0] == '\0' ? snprintf(path, sizeof path, "%s", name)
                                      : snprintf(path, sizeof path, "%s/%s", prefix, name);
            if (n < 0 || (size_t)n >= sizeof path) {
                log_error("%s: a path below %s/%s is too long", c->label, c->origin, prefix);
                result = -1;
                break;
            }
            unsigned char type = entry->d_type;
            if (type == DT_UNKNOWN) {
                /* Some file systems do not fill d_type in. */
                struct stat st;
                if (fstatat(src_folder, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
                    log_error("%s: cannot inspect %s/%s: %s", c->label, c->origin, path, strerror(errno));
                    result = -1;
                    break;
                }
                type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : S_ISLNK(st.st_mode) ? DT_LNK : DT_UNKNOWN;
            }
            if (type == DT_DIR) {
                result = copy_subfolder(c, src_folder, name, path, depth);
            } else if (type == DT_REG) {
                result = copy_file(c, src_folder, name, path);
            } else if (type == DT_LNK) {
                result = copy_symlink(c, src_folder, name, path);
            } else {
                log_error("%s: %s/%s is neither a file, a folder nor a symlink", c->label, c->origin, path);
                result = -1;
            }
        }
        if (result < 0) {
            break;
        }
    }
    return result;
}

int copy_snapshot(int src, int out, const char *label, const char *origin, struct copy_counts *counts) {
    struct copy c = {.out = out, .label = label, .origin = origin};
    int result = copy_folder(&c, src, "", 0);
    if (result < 0) {
        take_back(&c);
    } else if (counts != NULL) {
        *counts = c.counts;
    }
    forget(&c);
    return result;
}
