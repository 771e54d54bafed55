// Parse time of a large playlist: bangtin's reader (jansson + positions + validation + NFC)
// against jansson alone on the same bytes, in the same run, as a ratio.
//   bench_playlist gen FILE ITEMS     write a playlist of ITEMS items over 4 zones
//   bench_playlist play FILE RUNS     bt_playlist_load, player mode
//   bench_playlist check FILE RUNS    bt_playlist_load, check mode
//   bench_playlist jansson FILE RUNS  json_load_file only
// Prints the median time of RUNS. Peak memory: run each under /usr/bin/time (bench/playlist.sh).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "playlist/playlist.h"
#include "time/clock.h"

static int gen(const char *path, long n)
{
    static const char *const texts[] = {
        "Đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
        "Phong trào “Bình dân học vụ số” trên địa bàn phường",
        "Tiếp công dân: thứ Hai đến thứ Sáu, 7:30–11:30 và 13:30–17:00",
    };
    FILE *f = fopen(path, "w");
    if (!f)
        return 1;
    fprintf(f, "{\"version\": 1, \"revision\": \"bench\", \"canvas\": {\"width\": 1920, "
               "\"height\": 1080},\n\"zones\": [\n");
    for (int z = 0; z < 4; z++) {
        fprintf(f, "{\"id\": \"z%d\", \"x\": 0, \"y\": %d, \"w\": 1920, \"h\": 270, \"items\": [\n",
                z, z * 270);
        for (long i = z; i < n; i += 4) {
            const char *sep = i + 4 < n ? "," : "";
            switch (i % 4) {
            case 0:
                fprintf(f,
                        " {\"type\": \"text\", \"text\": \"%s %ld\", \"duration\": 8, "
                        "\"color\": \"#FFFFFF\", \"schedule\": {\"from\": \"2025-12-10\", "
                        "\"until\": \"2025-12-31\", \"days\": [\"mon\", \"fri\"], "
                        "\"hours\": [\"07:30-11:30\", \"13:30-17:00\"]}}%s\n",
                        texts[i % 3], i, sep);
                break;
            case 1:
                fprintf(f,
                        " {\"type\": \"image\", \"src\": \"https://cms.example.vn/o/%ld.png\", "
                        "\"sha256\": \"%064ld\", \"size\": %ld, \"fit\": \"cover\"}%s\n",
                        i, i, 1000 + i, sep);
                break;
            case 2:
                fprintf(f,
                        " {\"type\": \"ticker\", \"text\": \"%s\", \"speed\": 120, "
                        "\"passes\": 1}%s\n",
                        texts[i % 3], sep);
                break;
            default:
                fprintf(f,
                        " {\"type\": \"clock\", \"format\": \"{weekday}, {dd}/{mm}/{yyyy} "
                        "{HH}:{MM}\", \"duration\": 5}%s\n",
                        sep);
                break;
            }
        }
        fprintf(f, "]}%s\n", z < 3 ? "," : "");
    }
    fprintf(f, "]}\n");
    return fclose(f) != 0;
}

static int cmp(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    if (argc != 4)
        return 2;
    if (strcmp(argv[1], "gen") == 0)
        return gen(argv[2], strtol(argv[3], NULL, 10));
    int runs = (int)strtol(argv[3], NULL, 10);
    if (runs < 1 || runs > 1000)
        return 2;
    int64_t *t = calloc((size_t)runs, sizeof(*t));
    size_t items = 0;
    for (int r = 0; r < runs; r++) {
        int64_t start = bt_time_mono_us();
        if (strcmp(argv[1], "jansson") == 0) {
            json_error_t je;
            json_t *root = json_load_file(argv[2], JSON_REJECT_DUPLICATES, &je);
            if (!root)
                return 1;
            json_decref(root);
        } else {
            struct bt_diags d = {0};
            enum bt_playlist_mode mode =
                strcmp(argv[1], "check") == 0 ? BT_PLAYLIST_CHECK : BT_PLAYLIST_PLAY;
            struct bt_playlist *p = bt_playlist_load(argv[2], mode, &d);
            if (!p || d.errors)
                return 1;
            items = 0;
            for (size_t z = 0; z < p->nzones; z++)
                items += p->zones[z].nitems;
            bt_playlist_destroy(p);
            bt_diags_free(&d);
        }
        t[r] = bt_time_mono_us() - start;
    }
    qsort(t, (size_t)runs, sizeof(*t), cmp);
    printf("%s: median %.2f ms, min %.2f ms over %d runs%s", argv[1], t[runs / 2] / 1000.0,
           t[0] / 1000.0, runs, items ? "" : "\n");
    if (items)
        printf(", %zu items\n", items);
    free(t);
    return 0;
}
