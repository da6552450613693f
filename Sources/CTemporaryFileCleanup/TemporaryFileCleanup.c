#include "CTemporaryFileCleanup.h"

#include <limits.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

// Written only outside the handler; the handler reads it only while `armed` is set.
static char cleanup_path[PATH_MAX];
static volatile sig_atomic_t armed = 0;
static int installed = 0;

// The unfinished output directory: its entries in creation order (directories first), removed in
// reverse order by the handler (unlink(2) and rmdir(2) are async-signal-safe).
#define TREE_CAPACITY 256
#define TREE_PATH_MAX 1024
static char tree_paths[TREE_CAPACITY][TREE_PATH_MAX];
static char tree_is_directory[TREE_CAPACITY];
static volatile sig_atomic_t tree_count = 0;

static void cleanup_and_reraise(int signal_number) {
    // SA_RESETHAND restored the default disposition on entry and SA_NODEFER leaves the signal
    // unblocked, so raise() ends the process with this signal once the file is gone.
    if (armed) unlink(cleanup_path);
    for (int i = tree_count - 1; i >= 0; i--) {
        if (tree_is_directory[i]) rmdir(tree_paths[i]); else unlink(tree_paths[i]);
    }
    raise(signal_number);
}

static void install_handlers(void) {
    static const int signals[] = {SIGINT, SIGTERM, SIGHUP};
    for (unsigned i = 0; i < sizeof signals / sizeof signals[0]; i++) {
        struct sigaction current;
        if (sigaction(signals[i], NULL, &current) != 0) continue;
        if (current.sa_handler == SIG_IGN) continue;  // nohup and friends: keep ignoring
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = cleanup_and_reraise;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESETHAND | SA_NODEFER;
        sigaction(signals[i], &action, NULL);
    }
}

int abikit_cleanup_arm(const char *path) {
    armed = 0;
    size_t length = strlen(path);
    if (length >= sizeof cleanup_path) return -1;
    memcpy(cleanup_path, path, length + 1);
    if (!installed) {
        install_handlers();
        installed = 1;
    }
    armed = 1;
    return 0;
}

void abikit_cleanup_disarm(void) {
    armed = 0;
}

int abikit_cleanup_tree_add(const char *path, int is_directory) {
    if (tree_count >= TREE_CAPACITY) return -1;
    size_t length = strlen(path);
    if (length >= TREE_PATH_MAX) return -1;
    int index = tree_count;
    memcpy(tree_paths[index], path, length + 1);
    tree_is_directory[index] = is_directory ? 1 : 0;
    if (!installed) {
        install_handlers();
        installed = 1;
    }
    tree_count = index + 1;  // published after the entry is complete
    return 0;
}

void abikit_cleanup_tree_disarm(void) {
    tree_count = 0;
}
