#define _GNU_SOURCE
#include "CTemporaryFileCleanup.h"

#include <fcntl.h>

int abikit_start_writeback(int fd, long long offset, long long count) {
    return sync_file_range(fd, (off64_t)offset, (off64_t)count, SYNC_FILE_RANGE_WRITE);
}
