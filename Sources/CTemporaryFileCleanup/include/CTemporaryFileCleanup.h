#ifndef ABIKIT_TEMPORARY_FILE_CLEANUP_H
#define ABIKIT_TEMPORARY_FILE_CLEANUP_H

/// Removes an unfinished output file when the process is interrupted.
///
/// `abikit_cleanup_arm(path)` copies `path` into a static buffer and installs a handler for
/// SIGINT, SIGTERM and SIGHUP (except a signal that is ignored, as under nohup). The handler is
/// async-signal-safe: it calls only unlink(2) on the stored path and raise(3) with the default
/// disposition restored, so the process ends with the signal (exit status 128+N in a shell).
/// Returns 0, or -1 if the path is too long to store (the file is then not removed on a signal).
int abikit_cleanup_arm(const char *path);

/// Forgets the stored path (after the file was renamed into place or removed).
void abikit_cleanup_disarm(void);

/// Registers one entry of an unfinished output directory (the directory itself first, then its
/// subdirectories and files, each before it is created). On SIGINT, SIGTERM or SIGHUP the handler
/// removes the entries in reverse order (unlink(2) for files, rmdir(2) for directories) before
/// re-raising. Returns 0, or -1 when the path is too long or the 256 entries are used (that entry
/// is then not removed on a signal).
int abikit_cleanup_tree_add(const char *path, int is_directory);

/// Forgets the directory's entries (after it was renamed into place or removed).
void abikit_cleanup_tree_disarm(void);

/// Starts writeback of `count` bytes of `fd` from `offset` without waiting for it
/// (sync_file_range(2) with SYNC_FILE_RANGE_WRITE; Linux). Guarantees nothing about durability:
/// fsync(2) still does. Returns 0, or -1 with errno set.
int abikit_start_writeback(int fd, long long offset, long long count);

/// Turns direct I/O (O_DIRECT: writes go from the caller's memory to the device, bypassing the
/// page cache) on or off for `fd` (fcntl(2) F_SETFL; Linux). Returns 0, or -1 with errno set
/// (EINVAL where the file system does not support it).
int abikit_set_direct_io(int fd, int enabled);

/// The alignment direct I/O on `fd` needs, from statx(2) STATX_DIOALIGN (Linux 6.1 and later):
/// of the memory buffer and of file offsets and lengths. Returns 0, or -1 where the file does not
/// support direct I/O or the kernel cannot say.
int abikit_direct_io_alignment(int fd, unsigned int *memory_alignment, unsigned int *offset_alignment);

#endif
