#include "base/datadir.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int try_dir(const char *dir, const char *relpath, char *out, size_t size)
{
    if (!dir || !*dir)
        return -1;
    int n = snprintf(out, size, "%s/%s", dir, relpath);
    if (n < 0 || (size_t)n >= size)
        return -1;
    return access(out, R_OK) == 0 ? 0 : -1;
}

int bt_datadir_find(const char *relpath, char *out, size_t size)
{
    if (try_dir(getenv("BANGTIN_DATA_DIR"), relpath, out, size) == 0)
        return 0;
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 32);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            snprintf(slash, sizeof(exe) - (size_t)(slash - exe), "/../share/bangtin");
            if (try_dir(exe, relpath, out, size) == 0)
                return 0;
        }
    }
    return try_dir(BT_DATADIR, relpath, out, size);
}

const char *bt_localedir_find(char *out, size_t size)
{
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 64);
    char *slash = n > 0 ? (exe[n] = '\0', strrchr(exe, '/')) : NULL;
    if (slash) {
        snprintf(slash, sizeof(exe) - (size_t)(slash - exe), "/../share/locale");
        if (try_dir(exe, "vi/LC_MESSAGES/bangtin.mo", out, size) == 0) {
            snprintf(out, size, "%s", exe);
            return out;
        }
    }
    snprintf(out, size, "%s", BT_LOCALEDIR);
    return out;
}
