// libFuzzer: the playlist reader, in check and in player mode, on any bytes. What it must never
// do: crash, leak, read out of bounds, or take longer than the fuzzer's time limit.
#include <stddef.h>
#include <stdint.h>

#include "playlist/playlist.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    for (int mode = BT_PLAYLIST_PLAY; mode <= BT_PLAYLIST_CHECK; mode++) {
        struct bt_diags d = {0};
        // No file beside it: local sources are not found (media are not what is fuzzed here).
        struct bt_playlist *p = bt_playlist_parse((const char *)data, size, "fuzz.json",
                                                  "/nonexistent", (enum bt_playlist_mode)mode, &d);
        char line[1200];
        for (size_t i = 0; i < d.count; i++)
            bt_diag_format(&d.items[i], "fuzz.json", line, sizeof(line));
        bt_playlist_destroy(p);
        bt_diags_free(&d);
    }
    return 0;
}
