// libFuzzer: the config reader (inih and bangtin's option table) on any bytes, as a file, and
// every error it reports formatted.
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "config/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int fd = memfd_create("bangtin.conf", MFD_CLOEXEC);
    if (fd < 0 || write(fd, data, size) != (ssize_t)size) {
        if (fd >= 0)
            close(fd);
        return 0;
    }
    char path[64];
    snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    struct bt_config c;
    struct bt_config_errors errs = {0};
    bt_config_defaults(&c);
    bt_config_load_file(&c, path, 0, &errs);
    bt_config_finish(&c);
    char line[1200];
    for (int i = 0; i < errs.count; i++)
        bt_config_error_format(&errs.items[i], line, sizeof(line));
    close(fd);
    return 0;
}
