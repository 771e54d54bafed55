#include "base/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct bt_file_writer {
    int fd;
    char *path;
    char *tmp;
};

// Temporary names: the process and a number no other writer of this process has taken, so
// two writers (or a stale file left by a power cut) never share one.
static atomic_uint next_tmp;

struct bt_file_writer *bt_file_begin(const char *path)
{
    struct bt_file_writer *w = calloc(1, sizeof(*w));
    if (!w)
        return NULL;
    w->fd = -1;
    w->path = strdup(path);
    for (int tries = 0; w->path && w->fd < 0 && tries < 100; tries++) {
        free(w->tmp);
        w->tmp = NULL;
        unsigned n = atomic_fetch_add(&next_tmp, 1);
        if (asprintf(&w->tmp, "%s.tmp.%ld.%u", path, (long)getpid(), n) < 0) {
            w->tmp = NULL;
            break;
        }
        // O_EXCL: never a file or link already there.
        w->fd = open(w->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (w->fd < 0 && errno != EEXIST)
            break;
    }
    if (w->fd < 0) {
        int e = w->path && w->tmp ? errno : ENOMEM;
        free(w->tmp);
        free(w->path);
        free(w);
        errno = e;
        return NULL;
    }
    return w;
}

int bt_file_write(struct bt_file_writer *w, const void *data, size_t n)
{
    const char *p = data;
    while (n > 0) {
        ssize_t k = write(w->fd, p, n);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

static void writer_free(struct bt_file_writer *w)
{
    free(w->tmp);
    free(w->path);
    free(w);
}

void bt_file_abort(struct bt_file_writer *w)
{
    if (!w)
        return;
    int e = errno;
    if (w->fd >= 0)
        close(w->fd);
    unlink(w->tmp);
    writer_free(w);
    errno = e;
}

int bt_file_commit(struct bt_file_writer *w)
{
    int rc = bt_file_sync(w->fd);
    // close reports a write the file system deferred (NFS, a full disk).
    if (close(w->fd) != 0)
        rc = -1;
    w->fd = -1;
    if (rc == 0)
        rc = bt_file_rename(w->tmp, w->path);
    if (rc != 0) {
        bt_file_abort(w);
        return -1;
    }
    writer_free(w);
    return 0;
}

int bt_file_write_atomic(const char *path, const void *data, size_t len)
{
    struct bt_file_writer *w = bt_file_begin(path);
    if (!w)
        return -1;
    if (bt_file_write(w, data, len) != 0) {
        bt_file_abort(w);
        return -1;
    }
    return bt_file_commit(w);
}

int bt_file_sync(int fd)
{
    return fsync(fd);
}

int bt_file_rename(const char *from, const char *to)
{
    if (rename(from, to) != 0)
        return -1;
    // The folder's own entry: without this fsync the rename may be lost with the power.
    const char *slash = strrchr(to, '/');
    char *dir = slash ? strndup(to, slash == to ? 1 : (size_t)(slash - to)) : strdup(".");
    int fd = dir ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    free(dir);
    return 0;
}

int bt_file_mkdir_p(const char *path)
{
    if (!path[0]) {
        errno = ENOENT;
        return -1;
    }
    char *p = strdup(path);
    if (!p)
        return -1;
    // Each prefix that ends before a '/', then the whole path; what exists already is fine.
    int rc = 0;
    for (char *s = p + 1; rc == 0; s++) {
        if (*s != '/' && *s != '\0')
            continue;
        char c = *s;
        *s = '\0';
        if (mkdir(p, 0755) != 0 && errno != EEXIST)
            rc = -1;
        *s = c;
        if (c == '\0')
            break;
    }
    free(p);
    struct stat st;
    if (rc == 0 && stat(path, &st) != 0)
        return -1;
    if (rc == 0 && !S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    return rc;
}

int bt_file_open_regular(const char *path, long long *size)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return -1;
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        errno = ENODEV;
        return -1;
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    if (size)
        *size = (long long)st.st_size;
    return fd;
}

char *bt_file_read_all(const char *path, size_t max, size_t *len)
{
    long long size;
    int fd = bt_file_open_regular(path, &size);
    if (fd < 0)
        return NULL;
    if (size < 0 || (unsigned long long)size > max) {
        close(fd);
        errno = EFBIG;
        return NULL;
    }
    char *buf = malloc((size_t)size + 1);
    size_t n = 0;
    ssize_t r = 1;
    // A file that grows while it is read is read up to the size it had.
    while (buf && n < (size_t)size && (r = read(fd, buf + n, (size_t)size - n)) > 0)
        n += (size_t)r;
    int e = errno;
    close(fd);
    if (!buf || r < 0) {
        free(buf);
        errno = buf ? e : ENOMEM;
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}
