// Files written so that a reader, a crash or a power cut never leaves half of one: the bytes go
// to a temporary file in the target's folder, are fsynced, renamed over the target, and the
// folder is fsynced so the rename itself survives. Every file bangtin writes goes this way.
// Also folders made with their parents (mkdir -p). Any thread; no state is shared between calls
// but a counter that keeps temporary names apart.
#ifndef BT_BASE_FILE_H
#define BT_BASE_FILE_H

#include <stddef.h>

// Writes len bytes as the whole new content of `path`, atomically (see above). The file is made
// with mode 0666 less the umask, as fopen makes files. Returns 0, or -1 with errno set: then no
// temporary is left and an existing `path` is untouched.
int bt_file_write_atomic(const char *path, const void *data, size_t len);

// The same in steps, for content that comes in pieces (a copied file): begin, write any number
// of times, then commit or abort. The writer belongs to the caller until commit or abort, which
// free it; one thread at a time uses it.
struct bt_file_writer;

// Opens a temporary file beside `path`. Returns the writer, or NULL with errno set.
struct bt_file_writer *bt_file_begin(const char *path);
// Appends all n bytes. Returns 0, or -1 with errno set (then abort).
int bt_file_write(struct bt_file_writer *w, const void *data, size_t n);
// Puts the bytes written in place of `path` (fsync, rename, folder fsync) and frees w.
// Returns 0, or -1 with errno set (the temporary is removed, `path` untouched).
int bt_file_commit(struct bt_file_writer *w);
// Removes the temporary file and frees w (NULL is fine). errno is kept.
void bt_file_abort(struct bt_file_writer *w);

// For a file the caller writes itself (the cache's resumable partial download): makes the
// bytes written to fd durable. Returns 0, or -1 with errno set.
int bt_file_sync(int fd);
// Renames `from` over `to` (the same file system) and fsyncs to's folder so the rename survives
// a power cut. Returns 0, or -1 with errno set when the rename failed (the folder's fsync is
// best effort: some file systems refuse it).
int bt_file_rename(const char *from, const char *to);

// Makes the folder `path` and any missing parents (mode 0755 less the umask). Returns 0 when
// it is a folder afterwards (made now or before), or -1 with errno set (ENOTDIR: a file is in
// the way).
int bt_file_mkdir_p(const char *path);

// Opens `path` for reading only if it is a regular file, without ever blocking: a FIFO or a
// device is opened non-blocking and refused (a plain open of a FIFO waits for a writer
// forever). Returns the descriptor (blocking again, close-on-exec; *size set), or -1 with errno
// set; errno is ENODEV when the path is something other than a regular file.
int bt_file_open_regular(const char *path, long long *size);

// The whole of a regular file of at most `max` bytes, NUL-terminated (the caller frees it), with
// *len; NULL with errno set (EFBIG: larger than max; ENODEV: not a regular file).
char *bt_file_read_all(const char *path, size_t max, size_t *len);

#endif
