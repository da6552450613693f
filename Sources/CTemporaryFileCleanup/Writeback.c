#define _GNU_SOURCE
#include "CTemporaryFileCleanup.h"

#include <fcntl.h>
#include <sys/stat.h>

int abikit_start_writeback(int fd, long long offset, long long count) {
    return sync_file_range(fd, (off64_t)offset, (off64_t)count, SYNC_FILE_RANGE_WRITE);
}

int abikit_set_direct_io(int fd, int enabled) {
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0) return -1;
    int wanted = enabled ? (flags | O_DIRECT) : (flags & ~O_DIRECT);
    if (wanted == flags) return 0;
    return fcntl(fd, F_SETFL, wanted);
}

int abikit_direct_io_alignment(int fd, unsigned int *memory_alignment, unsigned int *offset_alignment) {
#if defined(STATX_DIOALIGN)
    struct statx status;
    if (statx(fd, "", AT_EMPTY_PATH, STATX_DIOALIGN, &status) != 0) return -1;
    if (!(status.stx_mask & STATX_DIOALIGN) || status.stx_dio_offset_align == 0) return -1;
    *memory_alignment = status.stx_dio_mem_align;
    *offset_alignment = status.stx_dio_offset_align;
    return 0;
#else
    (void)fd; (void)memory_alignment; (void)offset_alignment;
    return -1;
#endif
}
