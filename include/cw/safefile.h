/* safefile.h — writing the files cardwiz leaves behind (state, exports, reports, kiosk spool) safely. */
#ifndef CW_SAFEFILE_H
#define CW_SAFEFILE_H

#include <stddef.h>
#include <sys/types.h>

/*
 * Create dir (and missing parents) with mode (e.g. 0700), whatever the umask; a directory
 * that exists already keeps its mode. Refuses when the final component is a symlink
 * (errno ELOOP) or not a directory (ENOTDIR). Returns 0 / -1 with errno.
 */
int cw_mkdir_private(const char *dir, mode_t mode);

/*
 * Write data atomically: a temp file in the same folder (O_CREAT|O_EXCL|O_NOFOLLOW, mode set
 * with fchmod whatever the umask), write all, fsync, rename over path. A symlink planted at
 * path is replaced, its target untouched. Readers see the old or the new whole content,
 * never a part. Returns 0 / -1 with errno.
 */
int cw_write_atomic(const char *path, const void *data, size_t len, mode_t mode);

/*
 * Create a new file only (exported certificates): O_CREAT|O_EXCL|O_NOFOLLOW, never an
 * overwrite, never through a symlink. Returns 0; -1 with errno (EEXIST when path exists,
 * a dangling symlink included). A failed write removes the part written.
 */
int cw_write_new(const char *path, const void *data, size_t len, mode_t mode);

#endif
