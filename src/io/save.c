/* Where a save goes, shared by nd_save_npy, nd_savez and nd_savetxt.
   NumPy opens the path (open(path, "wb")): it follows symlinks, writes into
   FIFOs and devices, and truncates a regular file in place. nd keeps that
   meaning but replaces regular files atomically -- a temporary file beside
   the final target, renamed over it -- so a failed save never leaves a
   partial file; only for what is not a regular file (a FIFO, /dev/null, a
   terminal) does it write through the path, where a rename would replace
   the node with a regular file. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/npy.h"

/* Linux's own bound on the symlinks one path may traverse (ELOOP past it). */
enum { MAX_LINK_HOPS = 40 };

static nd_status path_error(const char *func, const char *what, const char *path, int err) {
    return nd__error(ND_ERR_IO, func, "%s '%s': %s", what, path, strerror(err));
}

/* mkstemp makes the file 0600; give it the mode open() would (0666 less the
   umask, read without changing it: umask() itself would race other
   threads). */
static unsigned created_mode(void) {
    unsigned mask = 022;
    FILE *f = fopen("/proc/self/status", "re");
    char line[128];
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "Umask: %o", &mask) == 1) break;
    if (f) fclose(f);
    return 0666 & ~mask;
}

/* link's target as a path usable from here: relative targets are relative
   to the link's directory. Malloc'd; NULL with errno set. */
static char *follow(const char *link) {
    char target[PATH_MAX];
    ssize_t n = readlink(link, target, sizeof target - 1);
    if (n < 0) return NULL;
    target[n] = '\0';
    const char *slash = strrchr(link, '/');
    size_t dlen = target[0] == '/' || !slash ? 0 : (size_t)(slash - link) + 1;
    if (dlen + (size_t)n + 1 > PATH_MAX) return errno = ENAMETOOLONG, NULL;
    char *p = nd__malloc(dlen + (size_t)n + 1);
    if (!p) return errno = ENOMEM, NULL;
    memcpy(p, link, dlen);
    memcpy(p + dlen, target, (size_t)n + 1);
    return p;
}

/* The name the data finally lands under: path with its chain of symlinks
   followed to a name that is not a symlink (it may not exist yet: a
   dangling link creates its target, as open(O_CREAT) does). *st is that
   name's lstat, or st_mode 0 when it does not exist. Malloc'd; NULL with
   errno set. */
static char *final_target(const char *path, struct stat *st) {
    size_t len = strlen(path) + 1;
    char *p = nd__malloc(len);
    if (!p) return errno = ENOMEM, NULL;
    memcpy(p, path, len);
    for (int hop = 0;; hop++) {
        if (lstat(p, st) != 0) {
            if (errno != ENOENT) return nd__free(p), NULL;
            st->st_mode = 0;
            return p;
        }
        if (!S_ISLNK(st->st_mode)) return p;
        if (hop == MAX_LINK_HOPS) return nd__free(p), errno = ELOOP, NULL;
        char *next = follow(p);
        nd__free(p);
        if (!(p = next)) return NULL;
    }
}

static nd_status finish_stream(const char *func, FILE *f, nd_status status, const char *path) {
    bool flushed = fflush(f) == 0;
    int err = errno;
    flushed = fclose(f) == 0 && flushed;
    if (!status && !flushed) status = path_error(func, "cannot write", path, err ? err : errno);
    return status;
}

/* A FIFO, a device or anything else that is not a regular file: written
   through the path as NumPy's open does (a FIFO with no reader blocks
   until one comes, in NumPy too). */
static nd_status save_through(const char *func, const char *path,
                              nd_status (*write)(FILE *f, void *ctx), void *ctx) {
    int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
    if (fd < 0) return path_error(func, "cannot open", path, errno);
    FILE *f = fdopen(fd, "wb");
    if (!f) {
        int err = errno;
        close(fd);
        return path_error(func, "cannot open", path, err);
    }
    return finish_stream(func, f, write(f, ctx), path);
}

/* A regular file or a new name: a temporary file beside it, renamed over
   it; an existing file keeps its permission bits, a new one gets open()'s. */
static nd_status save_replacing(const char *func, const char *target, const struct stat *st,
                                nd_status (*write)(FILE *f, void *ctx), void *ctx) {
    /* open(path, "wb") needs write permission on an existing file; a rename
       would not, and would replace a file the caller may not write */
    if (st->st_mode && access(target, W_OK) != 0)
        return path_error(func, "cannot open", target, errno);
    size_t plen = strlen(target);
    char *tmp = nd__malloc(plen + 16);
    if (!tmp) return nd__nomem(func, plen + 16);
    memcpy(tmp, target, plen);
    memcpy(tmp + plen, ".tmp.XXXXXX", 12);
    int fd = mkostemp(tmp, O_CLOEXEC);
    nd_status status = ND_OK;
    if (fd < 0) {
        /* name the directory's fault against the caller's name, not the temporary */
        status = path_error(func, "cannot create", target, errno);
        nd__free(tmp);
        return status;
    }
    FILE *f = fdopen(fd, "wb");
    if (!f) {
        status = path_error(func, "cannot create", target, errno);
        close(fd);
    } else {
        status = finish_stream(func, f, write(f, ctx), target);
    }
    if (!status && chmod(tmp, st->st_mode ? st->st_mode & 07777 : created_mode()) != 0)
        status = path_error(func, "cannot set the mode of", target, errno);
    if (!status && rename(tmp, target) != 0)
        status = path_error(func, "cannot rename to", target, errno);
    if (status) unlink(tmp);
    nd__free(tmp);
    return status;
}

nd_status nd__save_atomic(const char *func, const char *path,
                          nd_status (*write)(FILE *f, void *ctx), void *ctx) {
    if (!*path) return path_error(func, "cannot open", path, ENOENT);
    struct stat st;
    char *target = final_target(path, &st);
    if (!target)
        return errno == ENOMEM ? nd__nomem(func, strlen(path))
                               : path_error(func, "cannot open", path, errno);
    nd_status status = st.st_mode == 0 || S_ISREG(st.st_mode)
                           ? save_replacing(func, target, &st, write, ctx)
                           : save_through(func, path, write, ctx);
    nd__free(target);
    return status;
}
