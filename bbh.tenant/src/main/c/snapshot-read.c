#include "snapshot-read.h"

#include "generator-log.h"

#include <dirent.h> /* getdents64, struct dirent64 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A snapshot is a few levels deep (unit.d/, target.wants/); more means something is wrong, and
 * each level holds a descriptor open. */
#define MAX_DEPTH 8
/* Free room kept in the buffer for each read(2); a unit file is far smaller, a larger one takes
 * more reads. */
#define READ_ROOM 16384

static int reserve(struct snapshot *s, size_t more) {
    if (s->capacity - s->used >= more) {
        return 0;
    }
    size_t capacity = s->capacity == 0 ? 32768 : s->capacity;
    while (capacity - s->used < more) {
        capacity *= 2;
    }
    char *bytes = realloc(s->bytes, capacity);
    if (bytes == NULL) {
        return -1;
    }
    s->bytes = bytes;
    s->capacity = capacity;
    return 0;
}

/* Appends a NUL-terminated string; returns its offset, or (size_t)-1 when out of memory. */
static size_t append(struct snapshot *s, const char *text) {
    size_t length = strlen(text) + 1;
    if (reserve(s, length) < 0) {
        return (size_t)-1;
    }
    size_t at = s->used;
    memcpy(s->bytes + at, text, length);
    s->used += length;
    return at;
}

static struct entry *add_entry(struct snapshot *s, enum entry_type type, const char *path) {
    if (s->count == s->entry_capacity) {
        size_t capacity = s->entry_capacity == 0 ? 16 : s->entry_capacity * 2;
        struct entry *entries = realloc(s->entries, capacity * sizeof *entries);
        if (entries == NULL) {
            return NULL;
        }
        s->entries = entries;
        s->entry_capacity = capacity;
    }
    size_t at = append(s, path);
    if (at == (size_t)-1) {
        return NULL;
    }
    struct entry *e = &s->entries[s->count++];
    *e = (struct entry){.type = type, .path = at};
    return e;
}

static int out_of_memory(const struct snapshot *s) {
    log_error("%s: out of memory", s->label);
    return -1;
}

static int read_file(struct snapshot *s, int folder, const char *name, const char *path) {
    struct entry *e = add_entry(s, ENTRY_FILE, path);
    if (e == NULL) {
        return out_of_memory(s);
    }
    int in = openat(folder, name, O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
    if (in < 0) {
        log_error("%s: cannot open %s/%s: %s", s->label, s->origin, path, strerror(errno));
        return -1;
    }
    size_t start = s->used;
    for (;;) {
        if (reserve(s, READ_ROOM) < 0) {
            close(in);
            return out_of_memory(s);
        }
        size_t room = s->capacity - s->used;
        ssize_t n = read(in, s->bytes + s->used, room);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            log_error("%s: cannot read %s/%s: %s", s->label, s->origin, path, strerror(errno));
            close(in);
            return -1;
        }
        s->used += (size_t)n;
        /* A regular file's read gives less than asked for only at its end, and a snapshot's files
         * never change (a write makes a new folder): a short read ends the file, saving the read
         * that would return 0. */
        if ((size_t)n < room) {
            break;
        }
    }
    close(in);
    e->data = start; /* reserve moves the bytes, never the entries */
    e->size = s->used - start;
    return 0;
}

static int read_symlink(struct snapshot *s, int folder, const char *name, const char *path) {
    char target[PATH_MAX];
    ssize_t n = readlinkat(folder, name, target, sizeof target);
    if (n < 0 || (size_t)n >= sizeof target) {
        log_error("%s: cannot read the symlink %s/%s: %s", s->label, s->origin, path,
                  n < 0 ? strerror(errno) : "target too long");
        return -1;
    }
    target[n] = '\0';
    struct entry *e = add_entry(s, ENTRY_SYMLINK, path);
    if (e == NULL) {
        return out_of_memory(s);
    }
    size_t at = append(s, target);
    if (at == (size_t)-1) {
        return out_of_memory(s);
    }
    s->entries[s->count - 1].data = at;
    return 0;
}

static int read_folder(struct snapshot *s, int folder, const char *prefix, int depth);

static int read_subfolder(struct snapshot *s, int folder, const char *name, const char *path, int depth) {
    if (depth >= MAX_DEPTH) {
        log_error("%s: %s/%s is nested deeper than %d folders", s->label, s->origin, path, MAX_DEPTH);
        return -1;
    }
    if (add_entry(s, ENTRY_FOLDER, path) == NULL) {
        return out_of_memory(s);
    }
    int sub = openat(folder, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (sub < 0) {
        log_error("%s: cannot open %s/%s: %s", s->label, s->origin, path, strerror(errno));
        return -1;
    }
    int result = read_folder(s, sub, path, depth + 1);
    close(sub);
    return result;
}

/* Reads the entries of the folder open at folder, found at prefix in the snapshot. Lists with
 * getdents64(2) rather than readdir(3): fdopendir costs an fstat and two fcntl calls per folder, a
 * third of all system calls for a snapshot of small folders (bench/generator). */
static int read_folder(struct snapshot *s, int folder, const char *prefix, int depth) {
    _Alignas(struct dirent64) char listing[16384];
    for (;;) {
        ssize_t size = getdents64(folder, listing, sizeof listing);
        if (size == 0) {
            return 0;
        }
        if (size < 0) {
            log_error("%s: cannot list %s/%s: %s", s->label, s->origin, prefix, strerror(errno));
            return -1;
        }
        for (ssize_t at = 0; at < size;) {
            struct dirent64 *d = (struct dirent64 *)(listing + at);
            at += d->d_reclen;
            const char *name = d->d_name;
            if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
                continue;
            }
            char path[PATH_MAX];
            int n = prefix[0] == '\0' ? snprintf(path, sizeof path, "%s", name)
                                      : snprintf(path, sizeof path, "%s/%s", prefix, name);
            if (n < 0 || (size_t)n >= sizeof path) {
                log_error("%s: a path below %s/%s is too long", s->label, s->origin, prefix);
                return -1;
            }
            unsigned char type = d->d_type;
            if (type == DT_UNKNOWN) {
                /* Some file systems do not fill d_type in. */
                struct stat st;
                if (fstatat(folder, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
                    log_error("%s: cannot inspect %s/%s: %s", s->label, s->origin, path, strerror(errno));
                    return -1;
                }
                type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : S_ISLNK(st.st_mode) ? DT_LNK : DT_UNKNOWN;
            }
            int result;
            if (type == DT_DIR) {
                result = read_subfolder(s, folder, name, path, depth);
            } else if (type == DT_REG) {
                result = read_file(s, folder, name, path);
            } else if (type == DT_LNK) {
                result = read_symlink(s, folder, name, path);
            } else {
                log_error("%s: %s/%s is neither a file, a folder nor a symlink", s->label, s->origin, path);
                result = -1;
            }
            if (result < 0) {
                return -1;
            }
        }
    }
}

int snapshot_read(int parent, const char *name, const char *label, const char *folder, struct snapshot *s) {
    memset(s, 0, sizeof *s);
    snprintf(s->label, sizeof s->label, "%s", label);

    char path[PATH_MAX];
    char target[NAME_MAX + 1];
    int n = snprintf(path, sizeof path, "%s/current", name);
    if (n < 0 || (size_t)n >= sizeof path) {
        log_error("%s: name too long", label);
        return -1;
    }
    ssize_t length = readlinkat(parent, path, target, sizeof target);
    if (length < 0 && errno == ENOENT) {
        return 0;
    }
    /* current must name a folder beside it ("g12"): the writer makes it so, and it keeps a damaged
     * state folder from sending the copy elsewhere. */
    if (length < 0 || (size_t)length >= sizeof target || memchr(target, '/', (size_t)length) != NULL
        || (length <= 2 && target[0] == '.')) {
        log_error("%s: %s/%s/current is not a symlink to a snapshot folder beside it (%s)", label, folder, name,
                  length < 0 ? strerror(errno) : "bad target");
        return -1;
    }
    target[length] = '\0';
    n = snprintf(s->origin, sizeof s->origin, "%s/%s/%s", folder, name, target);
    if (n < 0 || (size_t)n >= sizeof s->origin || snprintf(path, sizeof path, "%s/%s", name, target) >= (int)sizeof path) {
        log_error("%s: path too long", label);
        return -1;
    }
    int top = openat(parent, path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (top < 0) {
        log_error("%s: cannot open %s: %s", label, s->origin, strerror(errno));
        return -1;
    }
    int result = read_folder(s, top, "", 0);
    close(top);
    if (result < 0) {
        snapshot_free(s);
        return -1;
    }
    return 1;
}

const char *snapshot_path(const struct snapshot *s, const struct entry *e) {
    return s->bytes + e->path;
}

void snapshot_free(struct snapshot *s) {
    free(s->bytes);
    free(s->entries);
    s->bytes = NULL;
    s->entries = NULL;
    s->used = s->capacity = s->count = s->entry_capacity = 0;
}
