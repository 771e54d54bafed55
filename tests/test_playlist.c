// Playlist (the skeleton's subset): what loads, and errors that name the file, line, column
// and field and say what to do.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "playlist.h"
#include "test.h"

struct playlist_case {
    const char *name;
    const char *json;
    const char *error;   // expected error text (prefix after "t.json"), NULL when it loads
    int nzones;
};

#define CANVAS "\"canvas\": {\"width\": 1920, \"height\": 1080}"

static const struct playlist_case cases[] = {
    {"minimal", "{\"version\": 1, " CANVAS ", \"zones\": []}", NULL, 0},
    {"zones and colours",
     "{\"version\": 1, \"revision\": \"r7\", \"canvas\": {\"width\": 1920, \"height\": 1080, "
     "\"background\": \"#102030\"}, \"zones\": [{\"id\": \"a\", \"x\": 0, \"y\": 0, \"w\": 10, "
     "\"h\": 10, \"background\": \"#F00\"}, {\"id\": \"b\", \"x\": 1910, \"y\": 1070, \"w\": 10, "
     "\"h\": 10, \"items\": [{\"type\": \"clock\"}]}]}",
     NULL, 2},
    {"syntax error", "{\"version\": 1,\n  \"canvas\": {\"width\": 1920,, }\n}",
     "t.json:2:", 0},
    {"not an object", "[1, 2]", "t.json: the playlist must be a JSON object", 0},
    {"wrong version", "{\"version\": 2, " CANVAS ", \"zones\": []}",
     "t.json: version: is 2; it must be from 1 to 1", 0},
    {"no canvas", "{\"version\": 1, \"zones\": []}", "t.json: canvas: is missing", 0},
    {"canvas too big", "{\"version\": 1, \"canvas\": {\"width\": 20000, \"height\": 10}}",
     "t.json: canvas.width: is 20000; it must be from 1 to 16384", 0},
    {"no zones", "{\"version\": 1, " CANVAS "}", "t.json: zones: is missing", 0},
    {"zone past the canvas",
     "{\"version\": 1, " CANVAS ", \"zones\": [{\"id\": \"a\", \"x\": 1900, \"y\": 0, "
     "\"w\": 100, \"h\": 10}]}",
     "t.json: zones[0].w: is 100; it must be from 1 to 20", 0},
    {"zone without id",
     "{\"version\": 1, " CANVAS ", \"zones\": [{\"x\": 0, \"y\": 0, \"w\": 1, \"h\": 1}]}",
     "t.json: zones[0].id: must be a name", 0},
    {"duplicate ids",
     "{\"version\": 1, " CANVAS ", \"zones\": [{\"id\": \"a\", \"x\": 0, \"y\": 0, \"w\": 1, "
     "\"h\": 1}, {\"id\": \"a\", \"x\": 0, \"y\": 0, \"w\": 1, \"h\": 1}]}",
     "t.json: zones[1].id: \"a\" is already the id of zones[0]", 0},
    {"bad colour",
     "{\"version\": 1, " CANVAS ", \"zones\": [{\"id\": \"a\", \"x\": 0, \"y\": 0, \"w\": 1, "
     "\"h\": 1, \"background\": \"red\"}]}",
     "t.json: zones[0].background: must be a colour", 0},
    {"float where a whole number goes",
     "{\"version\": 1, " CANVAS ", \"zones\": [{\"id\": \"a\", \"x\": 0.5, \"y\": 0, \"w\": 1, "
     "\"h\": 1}]}",
     "t.json: zones[0].x: must be a whole number", 0},
    {"duplicate key", "{\"version\": 1, \"version\": 1, " CANVAS ", \"zones\": []}", "t.json:1:",
     0},
};

int main(void)
{
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const struct playlist_case *c = &cases[i];
        bt_test_case = c->name;
        struct bt_playlist_error err;
        struct bt_playlist *p = bt_playlist_parse(c->json, "t.json", &err);
        char msg[1024];
        bt_playlist_error_format(&err, msg, sizeof(msg));
        if (!c->error) {
            CHECK(p != NULL, "did not load: %s", msg);
            CHECK(p && p->nzones == (size_t)c->nzones, "%zu zones", p ? p->nzones : 0);
        } else {
            CHECK(p == NULL, "loaded but should not");
            CHECK(strncmp(msg, c->error, strlen(c->error)) == 0, "error is\n  %s\nwant\n  %s",
                  msg, c->error);
        }
        bt_playlist_destroy(p);
    }

    bt_test_case = "values";
    struct bt_playlist_error err;
    struct bt_playlist *p = bt_playlist_parse(cases[1].json, "t.json", &err);
    CHECK(p && strcmp(p->revision, "r7") == 0, "revision");
    CHECK(p && p->background.r == 0x10 && p->background.g == 0x20 && p->background.b == 0x30,
          "canvas background");
    CHECK(p && p->zones[0].has_background && p->zones[0].background.r == 0xFF &&
              p->zones[0].background.g == 0 && !p->zones[1].has_background,
          "zone backgrounds");
    CHECK(p && p->zones[1].x == 1910 && p->zones[1].h == 10, "zone geometry");
    bt_playlist_destroy(p);

    bt_test_case = "file";
    const char *path = bt_test_write("ok.json", cases[0].json);
    p = bt_playlist_load(path, &err);
    CHECK(p && strcmp(p->path, path) == 0, "load from a file");
    bt_playlist_destroy(p);
    p = bt_playlist_load("/nonexistent/x.json", &err);
    char msg[1024];
    bt_playlist_error_format(&err, msg, sizeof(msg));
    CHECK(!p && strstr(msg, "/nonexistent/x.json: cannot read the file: No such file"), "%s",
          msg);
    return bt_test_end();
}
