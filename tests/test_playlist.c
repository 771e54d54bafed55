// Playlist format v1: good files load (every example in playlists/, every date and window form),
// bad files give the exact message at the exact line and column, the player skips what check
// rejects, and the parsed demo equals the file field by field.
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "base/sha256.h"
#include "playlist/playlist.h"
#include "test.h"

#define HEAD               "{\"version\": 1,\n\"canvas\": {\"width\": 1920, \"height\": 1080},\n"
#define ZONE_OPEN          "\"zones\": [{\"id\": \"main\", \"x\": 0, \"y\": 0, \"w\": 1920, \"h\": 1080, "
// A document whose items start on line 4.
#define DOC(items)         HEAD ZONE_OPEN "\"items\": [\n" items "\n]}]}"
// The same with more document fields from line 6.
#define DOCX(items, extra) HEAD ZONE_OPEN "\"items\": [\n" items "\n]}],\n" extra "}"
#define SHA                "\"9f2c3a1b9f2c3a1b9f2c3a1b9f2c3a1b9f2c3a1b9f2c3a1b9f2c3a1b9f2c3a1b\""

struct bad_case {
    const char *name;
    const char *json;
    int accepted;          // check still returns a playlist (the problem is in a skippable part)
    const char *problem;   // the one problem, exactly; {DIR} stands for the test folder
};

static const struct bad_case bad[] = {
    {"trailing comma in an object",
     "{\"version\": 1,\n \"canvas\": {\"width\": 10, \"height\": 10,}\n}", 0,
     "t.json:2:39: error: remove the comma before this '}': JSON allows no comma "
     "after the last element"},
    {"trailing comma in a list", DOC("{\"type\": \"text\", \"text\": \"a\"},\n"), 0,
     "t.json:6:1: error: remove the comma before this ']': JSON allows no comma "
     "after the last element"},
    {"typographic quotes", "{\"version\": 1,\n  “canvas”: {}}", 0,
     "t.json:2:3: error: this is a typographic quote (“ ” ‘ ’); JSON needs straight "
     "double quotes \" around names and text (a word processor put it there: use a "
     "plain text editor)"},
    {"single quotes", "{\"version\": 1,\n \"revision\": 'r1'}", 0,
     "t.json:2:14: error: JSON needs double quotes \" around text, not single quotes "
     "'"},
    {"missing comma", "{\"version\": 1\n \"canvas\": {}}", 0,
     "t.json:2:2: error: a comma is missing before this"},
    {"ends early", "{\"version\": 1,\n \"canvas\": {\"width\": 10", 0,
     "t.json:2:24: error: the file ends too early: a closing } or ] or \" is missing"},
    {"BOM before an error", "\xEF\xBB\xBF{\"version\": 1,}", 0,
     "t.json:1:15: error: remove the comma before this '}': JSON allows no comma "
     "after the last element"},
    {"UTF-16 with a BOM", "\xFF\xFE{\0\"\0v\0e\0", 0,
     "t.json: error: the file is saved as UTF-16 (or another encoding); save it as "
     "UTF-8"},
    {"duplicate key",
     "{\"version\": 1,\n \"version\": 1, \"canvas\": {\"width\": 10, \"height\": 10}, \"zones\": "
     "[]}",
     0, "t.json:2:2: error: this field is given twice in the same object; keep one"},
    {"not an object", "[1, 2]", 0,
     "t.json:1:1: error: a playlist is one JSON object: { \"version\": 1, \"canvas\": …, "
     "\"zones\": […] }"},
    {"version 2", "{\"version\": 2, \"canvas\": {\"width\": 10, \"height\": 10}, \"zones\": []}", 0,
     "t.json:1:13: error: version: must be 1: this bangtin reads playlist format "
     "version 1"},
    {"no version", "{\"canvas\": {\"width\": 10, \"height\": 10}, \"zones\": []}", 0,
     "t.json:1:1: error: version: is missing; add \"version\": 1"},
    {"version as text",
     "{\"version\": \"1\", \"canvas\": {\"width\": 10, \"height\": 10}, \"zones\": []}", 0,
     "t.json:1:13: error: version: must be 1: this bangtin reads playlist format "
     "version 1"},
    {"no canvas", "{\"version\": 1,\n \"zones\": []}", 0,
     "t.json:1:1: error: canvas: is missing or not an object; add \"canvas\": "
     "{\"width\": 1920, \"height\": 1080}"},
    {"canvas width 0",
     "{\"version\": 1,\n \"canvas\": {\"width\": 0, \"height\": 10}, \"zones\": []}", 0,
     "t.json:2:22: error: canvas.width: is 0; it must be from 1 to 16384"},
    {"canvas height not whole",
     "{\"version\": 1,\n \"canvas\": {\"width\": 10, \"height\": 10.5}, \"zones\": []}", 0,
     "t.json:2:36: error: canvas.height: must be a whole number from 1 to 16384, not "
     "10.5"},
    {"canvas background a name",
     "{\"version\": 1,\n"
     " \"canvas\": {\"width\": 10, \"height\": 10, \"background\": \"red\"}, \"zones\": []}",
     0,
     "t.json:2:54: error: canvas.background: must be a colour \"#RRGGBB\" in "
     "hexadecimal, e.g. \"#DA251D\" for red"},
    {"zones not a list", HEAD "\"zones\": {}}", 0,
     "t.json:3:10: error: zones: is missing or not a list [ … ] of zones"},
    {"zone without id", HEAD "\"zones\": [{\"x\": 0, \"y\": 0, \"w\": 1, \"h\": 1}]}", 0,
     "t.json:3:11: error: zones[0].id: is missing; add it as text in quotes"},
    {"zone ids repeat",
     HEAD "\"zones\": [{\"id\": \"a\", \"x\": 0, \"y\": 0, \"w\": 1, \"h\": 1},\n"
          " {\"id\": \"a\", \"x\": 0, \"y\": 0, \"w\": 1, \"h\": 1}]}",
     0,
     "t.json:4:9: error: zones[1].id: \"a\" is already the id of zones[0]; each zone "
     "needs its own"},
    {"zone off the canvas",
     HEAD "\"zones\": [{\"id\": \"a\", \"x\": 1800, \"y\": 0, \"w\": 200, \"h\": 1}]}", 0,
     "t.json:3:47: error: zones[0].w: is 200, so the zone ends at x = 2000, past the "
     "canvas's width of 1920; make it at most 120"},
    {"zone x negative",
     HEAD "\"zones\": [{\"id\": \"a\", \"x\": -1, \"y\": 0, \"w\": 1, \"h\": 1}]}", 0,
     "t.json:3:28: error: zones[0].x: is -1; it must be from 0 to 1919"},
    {"unknown item type", DOC("{\"type\": \"slideshow\", \"src\": \"a.png\"}"), 1,
     "t.json:4:10: error: zones[0].items[0].type: \"slideshow\" is not a type this "
     "bangtin knows; use image, text, ticker, clock, video, qr or countdown"},
    {"item without type", DOC("{\"text\": \"Xin chào\"}"), 1,
     "t.json:4:1: error: zones[0].items[0].type: is missing; add \"type\": one of "
     "image, text, ticker, clock, video, qr, countdown"},
    {"text without text", DOC("{\"type\": \"text\", \"duration\": 5}"), 1,
     "t.json:4:1: error: zones[0].items[0].text: is missing; add it as text in "
     "quotes"},
    {"empty text", DOC("{\"type\": \"text\", \"text\": \"\"}"), 1,
     "t.json:4:26: error: zones[0].items[0].text: is empty; write something between "
     "the quotes"},
    {"duration 0", DOC("{\"type\": \"text\", \"text\": \"a\", \"duration\": 0}"), 1,
     "t.json:4:43: error: zones[0].items[0].duration: must be a number greater than "
     "0"},
    {"duration as text", DOC("{\"type\": \"text\", \"text\": \"a\", \"duration\": \"10\"}"), 1,
     "t.json:4:43: error: zones[0].items[0].duration: must be a number greater than "
     "0, written without quotes"},
    {"font_size too small", DOC("{\"type\": \"text\", \"text\": \"a\", \"font_size\": 3}"), 1,
     "t.json:4:44: error: zones[0].items[0].font_size: is 3; it must be from 6 to "
     "2000"},
    {"colour of 3 digits", DOC("{\"type\": \"text\", \"text\": \"a\", \"color\": \"#FFF\"}"), 1,
     "t.json:4:40: error: zones[0].items[0].color: must be a colour \"#RRGGBB\" in "
     "hexadecimal, e.g. \"#DA251D\" for red"},
    {"align centre", DOC("{\"type\": \"text\", \"text\": \"a\", \"align\": \"centre\"}"), 1,
     "t.json:4:40: error: zones[0].items[0].align: \"centre\" is not one of \"left\", "
     "\"center\" or \"right\""},
    {"bold as text", DOC("{\"type\": \"text\", \"text\": \"a\", \"bold\": \"yes\"}"), 1,
     "t.json:4:39: error: zones[0].items[0].bold: must be true or false (without "
     "quotes), not text in quotes"},
    {"ticker passes and duration",
     DOC("{\"type\": \"ticker\", \"text\": \"a\", \"passes\": 2, \"duration\": 30}"), 1,
     "t.json:4:33: error: zones[0].items[0].passes: give \"passes\" or \"duration\", not "
     "both"},
    {"ticker speed negative", DOC("{\"type\": \"ticker\", \"text\": \"a\", \"speed\": -5}"), 1,
     "t.json:4:42: error: zones[0].items[0].speed: must be a number greater than 0"},
    {"remote image without sha256",
     DOC("{\"type\": \"image\", \"src\": \"https://cms.example.vn/a.png\", \"size\": 10}"), 1,
     "t.json:4:26: error: zones[0].items[0].src: a file on a server needs \"sha256\" "
     "and \"size\" beside \"src\", so the screen can verify what it downloads"},
    {"sha256 too short",
     DOC("{\"type\": \"image\", \"src\": \"https://cms.example.vn/a.png\", "
         "\"sha256\": \"9f2c\", \"size\": 10}"),
     1,
     "t.json:4:68: error: zones[0].items[0].sha256: must be 64 hexadecimal digits "
     "(the file's SHA-256, as sha256sum prints it)"},
    {"size 0",
     DOC("{\"type\": \"image\", \"src\": \"https://cms.example.vn/a.png\", "
         "\"sha256\": " SHA ", \"size\": 0}"),
     1,
     "t.json:4:144: error: zones[0].items[0].size: must be the file's size in bytes, "
     "a whole number greater than 0"},
    {"fit fill",
     DOC("{\"type\": \"image\", \"src\": \"https://cms.example.vn/a.png\", "
         "\"sha256\": " SHA ", \"size\": 10, \"fit\": \"fill\"}"),
     1,
     "t.json:4:155: error: zones[0].items[0].fit: \"fill\" is not one of \"contain\", "
     "\"cover\" or \"stretch\""},
    {"ftp source", DOC("{\"type\": \"image\", \"src\": \"ftp://cms.example.vn/a.png\"}"), 1,
     "t.json:4:26: error: zones[0].items[0].src: \"ftp://cms.example.vn/a.png\" is "
     "neither an http(s) address nor a file path"},
    {"address libcurl refuses",
     DOC("{\"type\": \"image\", \"src\": \"https://cms.example.vn:99999/a.png\", \"sha256\": " SHA
         ", \"size\": 10}"),
     1,
     "t.json:4:26: error: zones[0].items[0].src: \"https://cms.example.vn:99999/a.png\" is "
     "not a usable address (Port number was not a decimal number between 0 and 65535)"},
    {"volume 150",
     DOC("{\"type\": \"video\", \"src\": \"https://cms.example.vn/a.mp4\", "
         "\"sha256\": " SHA ", \"size\": 10, \"volume\": 150}"),
     1,
     "t.json:4:158: error: zones[0].items[0].volume: is 150; it must be from 0 to "
     "100"},
    {"plays and duration",
     DOC("{\"type\": \"video\", \"src\": \"https://cms.example.vn/a.mp4\", "
         "\"sha256\": " SHA ", \"size\": 10, \"plays\": 2, \"duration\": 5}"),
     1,
     "t.json:4:148: error: zones[0].items[0].plays: give \"plays\" or \"duration\", not "
     "both"},
    {"clock token", DOC("{\"type\": \"clock\", \"format\": \"{HH}:{mi}\"}"), 1,
     "t.json:4:29: error: zones[0].items[0].format: {mi} is not a clock field (did "
     "you mean {m}); use {weekday} {weekday_short} {d} {dd} {m} {mm} {month} {yyyy} "
     "{yy} {H} {HH} {MM} {SS}"},
    {"clock brace", DOC("{\"type\": \"clock\", \"format\": \"{HH:{MM}\"}"), 1,
     "t.json:4:29: error: zones[0].items[0].format: {HH:{MM} is not a clock field; "
     "use {weekday} {weekday_short} {d} {dd} {m} {mm} {month} {yyyy} {yy} {H} {HH} "
     "{MM} {SS}"},
    {"date day/month/year",
     DOC("{\"type\": \"text\", \"text\": \"a\",\n \"schedule\": {\"from\": \"10/12/2025\"}}"), 1,
     "t.json:5:23: error: zones[0].items[0].schedule.from: \"10/12/2025\" is written "
     "day/month/year; write dates as YYYY-MM-DD, e.g. \"2025-12-10\""},
    {"until before from",
     DOC("{\"type\": \"text\", \"text\": \"a\",\n"
         " \"schedule\": {\"from\": \"2025-12-10\", \"until\": \"2025-12-01\"}}"),
     1,
     "t.json:5:46: error: zones[0].items[0].schedule.until: \"2025-12-01\" is not "
     "after from (\"2025-12-10\"); the schedule never matches"},
    {"bad day",
     DOC("{\"type\": \"text\", \"text\": \"a\",\n"
         " \"schedule\": {\"days\": [\"mon\", \"thur\"]}}"),
     1,
     "t.json:5:31: error: zones[0].items[0].schedule.days[1]: \"thur\" is not a day; "
     "use mon, tue, wed, thu, fri, sat or sun"},
    {"hour 25",
     DOC("{\"type\": \"text\", \"text\": \"a\",\n"
         " \"schedule\": {\"hours\": [\"07:30-11:30\", \"13:30-25:00\"]}}"),
     1,
     "t.json:5:40: error: zones[0].items[0].schedule.hours[1]: \"25:00\" is not a time "
     "of day; times run from 00:00 to 23:59, and 24:00 may end a window"},
    {"empty window",
     DOC("{\"type\": \"text\", \"text\": \"a\",\n \"schedule\": {\"hours\": [\"08:00-08:00\"]}}"),
     1,
     "t.json:5:25: error: zones[0].items[0].schedule.hours[0]: the window "
     "\"08:00-08:00\" is empty and never matches; for all day write \"00:00-24:00\""},
    {"no such day in the range",
     DOC("{\"type\": \"text\", \"text\": \"a\",\n"
         " \"schedule\": {\"from\": \"2025-12-10\", \"until\": \"2025-12-11\", \"days\": [\"sat\", "
         "\"sun\"]}}"),
     1,
     "t.json:5:68: error: zones[0].items[0].schedule.days: none of these days falls "
     "between \"2025-12-10\" and \"2025-12-11\"; the schedule never matches"},
    // A window of the hours' must meet the range from-until, not only its days (issue 13).
    {"no hour of the window between from and until",
     DOC("{\"type\": \"text\", \"text\": \"a\",\n"
         " \"schedule\": {\"from\": \"2026-04-17T11:05:51\", \"until\": "
         "\"2026-04-17T13:14:41\", \"hours\": \"16:45-01:00\"}}"),
     1,
     "t.json:5:87: error: zones[0].items[0].schedule.hours: no time in these hours falls "
     "between \"2026-04-17T11:05:51\" and \"2026-04-17T13:14:41\"; the schedule never "
     "matches"},
    {"30 February",
     DOC("{\"type\": \"text\", \"text\": \"a\",\n \"schedule\": {\"until\": \"2026-02-30\"}}"), 1,
     "t.json:5:24: error: zones[0].items[0].schedule.until: \"2026-02-30\" is not a "
     "day of the calendar"},
    {"time without zero",
     DOC("{\"type\": \"text\", \"text\": \"a\",\n"
         " \"schedule\": {\"from\": \"2025-12-10T7:30\"}}"),
     1,
     "t.json:5:23: error: zones[0].items[0].schedule.from: \"2025-12-10T7:30\" is not "
     "a date-time; write YYYY-MM-DDTHH:MM, e.g. \"2025-12-10T07:30\""},
    {"override names a missing zone",
     DOCX("{\"type\": \"text\", \"text\": \"a\"}",
          "\"overrides\": [{\"id\": \"storm\", "
          "\"zones\": [\"main\", \"banner\"],\n"
          " \"items\": [{\"type\": \"text\", \"text\": \"KHẨN\"}]}]"),
     1,
     "t.json:6:49: error: overrides[0].zones[1]: there is no zone \"banner\"; name "
     "zones by their id, or write \"zones\": \"all\""},
    {"override without items",
     DOCX("{\"type\": \"text\", \"text\": \"a\"}", "\"overrides\": [{\"id\": \"storm\", "
                                                   "\"zones\": \"all\", \"items\": []}]"),
     1,
     "t.json:6:56: error: overrides[0].items: an override needs at least one item to "
     "show"},
    {"override zones everything",
     DOCX("{\"type\": \"text\", \"text\": \"a\"}",
          "\"overrides\": [{\"id\": \"storm\", "
          "\"zones\": \"everything\",\n"
          " \"items\": [{\"type\": \"text\", \"text\": \"a\"}]}]"),
     1,
     "t.json:6:40: error: overrides[0].zones: must be a list of zone ids, e.g. "
     "[\"main\"], or \"all\""},
    {"override wake as text",
     DOCX("{\"type\": \"text\", \"text\": \"a\"}",
          "\"overrides\": [{\"id\": \"evacuation\", \"zones\": \"all\", \"wake\": \"yes\",\n"
          " \"items\": [{\"type\": \"text\", \"text\": \"SƠ TÁN\"}]}]"),
     1,
     "t.json:6:60: error: overrides[0].wake: must be true or false (without quotes), not text "
     "in quotes"},
    {"unknown timezone",
     "{\"version\": 1,\n"
     " \"timezone\": \"Vietnam/Hanoi\", \"canvas\": {\"width\": 10, \"height\": 10}, "
     "\"zones\": []}",
     0,
     "t.json:2:14: error: timezone: \"Vietnam/Hanoi\" is not a time zone this screen "
     "knows; write an IANA name such as \"Asia/Ho_Chi_Minh\" (or leave it out: that is "
     "the default)"},
    {"brightness 140",
     DOCX("{\"type\": \"text\", \"text\": \"a\"}",
          "\"brightness\": [{\"hours\": \"18:00-06:00\", \"percent\": 140}]"),
     1, "t.json:6:52: error: brightness[0].percent: is 140; it must be from 0 to 100"},
    {"operating_hours no days",
     DOCX("{\"type\": \"text\", \"text\": \"a\"}", "\"operating_hours\": {\"days\": [], "
                                                   "\"hours\": \"06:00-22:00\"}"),
     1,
     "t.json:6:29: error: operating_hours.days: is an empty list and never matches; "
     "for every day leave it out"},
    // Unknown fields are errors for check; the player ignores them (a newer playlist plays).
    {"unknown field", DOC("{\"type\": \"text\", \"text\": \"a\", \"colour\": \"#FFFFFF\"}"), 1,
     "t.json:4:31: error: zones[0].items[0].colour: unknown field, which a screen ignores; did "
     "you mean \"color\"?"},
    {"unknown document field",
     "{\"version\": 1, \"canvas\": {\"width\": 10, \"height\": 10}, \"zone\": [],\n"
     " \"zones\": []}",
     1,
     "t.json:1:55: error: zone: unknown field, which a screen ignores; did you mean "
     "\"zones\"?"},
    {"until misspelt",
     DOC("{\"type\": \"text\", \"text\": \"a\",\n"
         " \"schedule\": {\"from\": \"2025-12-10\", \"untill\": \"2025-12-31\"}}"),
     1,
     "t.json:5:37: error: zones[0].items[0].schedule.untill: unknown field, which a screen "
     "ignores; did you mean \"until\"?"},
    {"schedule misspelt",
     DOC("{\"type\": \"text\", \"text\": \"a\",\n \"shedule\": {\"until\": \"2025-12-31\"}}"), 1,
     "t.json:5:2: error: zones[0].items[0].shedule: unknown field, which a screen ignores; did "
     "you mean \"schedule\"?"},
    {"unknown field, no likeness",
     DOC("{\"type\": \"text\", \"text\": \"a\", \"effect\": \"fade\"}"), 1,
     "t.json:4:31: error: zones[0].items[0].effect: unknown field, which a screen ignores; "
     "correct its name or remove it"},
    // Warnings of check: exit 0, at the field to change.
    {"phases share a day",
     DOC("{\"type\": \"text\", \"text\": \"Giai đoạn 1\",\n"
         " \"schedule\": {\"from\": \"2025-12-01\", \"until\": \"2025-12-10\"}},\n"
         "{\"type\": \"text\", \"text\": \"Giai đoạn 2\",\n"
         " \"schedule\": {\"from\": \"2025-12-10\", \"until\": \"2025-12-31\"}}"),
     1,
     "t.json:5:46: warning: zones[0].items[0].schedule.until: on 2025-12-10 this item (text "
     "\"Giai đoạn 1\") and zones[0].items[1] (text \"Giai đoạn 2\", from \"2025-12-10\") both "
     "play, taking turns: an until written as a date includes that whole day. To hand over at "
     "one moment, write \"until\": \"2025-12-10T00:00\" here, or \"from\": \"2025-12-11\" "
     "there"},
    {"phases share half a day",
     DOC("{\"type\": \"image\", \"src\": \"https://cms.example.vn/giai-doan-2-ha-tang-so.png\", "
         "\"sha256\": " SHA ", \"size\": 10,\n"
         " \"schedule\": {\"from\": \"2026-01-10\", \"until\": \"2026-01-31T12:00\"}},\n"
         "{\"type\": \"clock\", \"schedule\": {\"from\": \"2026-01-31\"}}"),
     1,
     "t.json:5:46: warning: zones[0].items[0].schedule.until: on 2026-01-31 this item (image "
     "\"https://cms.example.vn/g…\") and zones[0].items[1] (clock, from \"2026-01-31\") both "
     "play, taking turns. To hand over at one moment, write \"until\": \"2026-01-31T00:00\" "
     "here, or \"from\": \"2026-01-31T12:00\" there"},
    {"overrides of equal priority meet",
     DOCX("{\"type\": \"text\", \"text\": \"a\"}",
          "\"overrides\": [{\"id\": \"storm\", \"priority\": 10, \"zones\": [\"main\"],\n"
          " \"schedule\": {\"from\": \"2026-01-10T06:00\", \"until\": \"2026-01-10T18:00\"},\n"
          " \"items\": [{\"type\": \"text\", \"text\": \"BÃO\"}]},\n"
          " {\"id\": \"flood\", \"priority\": 10, \"zones\": \"all\",\n"
          " \"schedule\": {\"from\": \"2026-01-10T12:00\", \"until\": \"2026-01-11\"},\n"
          " \"items\": [{\"type\": \"text\", \"text\": \"LŨ\"}]}]"),
     1,
     "t.json:9:30: warning: overrides[1].priority: is 10, as for overrides[0] (\"storm\"), and "
     "both are active in zone \"main\" at 2026-01-10T12:00; then \"storm\", written first, "
     "shows. Give the one that must win a higher priority"},
    {"overrides of equal priority raised by hand",
     DOCX("{\"type\": \"text\", \"text\": \"a\"}",
          "\"overrides\": [{\"id\": \"meeting\", \"zones\": \"all\",\n"
          " \"items\": [{\"type\": \"text\", \"text\": \"Họp tổ dân phố\"}]},\n"
          " {\"id\": \"water\", \"zones\": [\"main\"],\n"
          " \"items\": [{\"type\": \"text\", \"text\": \"Cắt nước\"}]}]"),
     1,
     "t.json:8:2: warning: overrides[1].priority: is 0, as for overrides[0] (\"meeting\"), and "
     "both can be active in zone \"main\" at once (raised by hand); then \"meeting\", written "
     "first, shows. Give the one that must win a higher priority"},
    {"an override that never ends",
     DOCX("{\"type\": \"text\", \"text\": \"a\"}",
          "\"overrides\": [{\"id\": \"storm\", \"zones\": \"all\",\n"
          " \"schedule\": {\"from\": \"2026-01-10T06:00\"},\n"
          " \"items\": [{\"type\": \"text\", \"text\": \"BÃO\"}]}]"),
     1,
     "t.json:7:23: warning: overrides[0].schedule.from: the override starts here and nothing "
     "ends it: it holds its zones until the playlist changes, or until released on each screen "
     "(bangtin release storm). Add an \"until\""},
    {"local file missing", DOC("{\"type\": \"image\", \"src\": \"missing.png\"}"), 1,
     "t.json:4:26: error: zones[0].items[0].src: file not found: {DIR}/missing.png"},
    {"local file size differs", DOC("{\"type\": \"image\", \"src\": \"media.bin\", \"size\": 5}"),
     1,
     "t.json:4:47: error: zones[0].items[0].size: is 5 but the file has 10 bytes; "
     "correct it (bangtin pack writes it)"},
    {"local file sha256 differs",
     DOC("{\"type\": \"image\", \"src\": \"media.bin\", \"sha256\": " SHA "}"), 1,
     "t.json:4:49: error: zones[0].items[0].sha256: does not match the file (its "
     "sha256 is 84d89877f0d4041efb6bf91a16f0248f2fd573e6af05c19f96bedb9f882f7882); "
     "the file changed or the value is wrong"},
    {"Windows-1258", "{\"version\": 1,\n \"revision\": \"Th\xF4ng b\xE1o\"}", 0,
     "t.json:2:17: error: the file is not UTF-8 here (byte 0xF4): it looks saved in "
     "Windows-1258, an old Vietnamese encoding; run bangtin check --fix-encoding t.json to write "
     "a UTF-8 copy of it"},
    {"Latin-1",
     "{\"version\": 1,\n \"revision\": \"M\xFC"
     "ller, Stra\xDF"
     "e\"}",
     0,
     "t.json:2:16: error: the file is not UTF-8 here (byte 0xFC; it may have been saved in an "
     "old Vietnamese encoding such as Windows-1258 or TCVN3); save it as UTF-8"},
    {"UTF-16 without a BOM", "{\0\"\0v\0e\0r\0", 0,
     "t.json: error: the file is saved as UTF-16 (or another encoding); save it as UTF-8"},
    {"surrogate", "{\"version\": 1,\n \"revision\": \"Th\xC3\xB4ng \xED\xA0\x80\"}", 0,
     "t.json:2:21: error: the file is not UTF-8 here (byte 0xED; it may have been saved in an "
     "old Vietnamese encoding such as Windows-1258 or TCVN3); save it as UTF-8"},
    {"column after Vietnamese letters",
     DOC("{\"type\": \"text\", \"text\": \"Th\xC3\xB4ng b\xC3\xA1o t\xE1\xBA\xBFt\", "
         "\"bold\": \"yes\"}"),
     1,
     "t.json:4:51: error: zones[0].items[0].bold: must be true or false (without "
     "quotes), not text in quotes"},
};

// A case's length: the UTF-16 ones hold NUL bytes, so theirs is given (both are ten bytes).
static size_t case_len(const char *json, const char *name)
{
    return strncmp(name, "UTF-16", 6) == 0 ? 10 : strlen(json);
}

static struct bt_playlist *parse(const char *json, const char *name, enum bt_playlist_mode mode,
                                 struct bt_diags *d)
{
    return bt_playlist_parse(json, case_len(json, name), "t.json", bt_test_tmpdir(), mode, d);
}

static void replace_dir(const char *in, char *out, size_t size)
{
    const char *at = strstr(in, "{DIR}");
    if (!at)
        snprintf(out, size, "%s", in);
    else
        snprintf(out, size, "%.*s%s%s", (int)(at - in), in, bt_test_tmpdir(), at + 5);
}

static void check_bad(const struct bad_case *c)
{
    bt_test_case = c->name;
    struct bt_diags d = {0};
    struct bt_playlist *p = parse(c->json, c->name, BT_PLAYLIST_CHECK, &d);
    char want[1024], got[1024] = "";
    replace_dir(c->problem, want, sizeof(want));
    int is_warning = strstr(want, ": warning: ") != NULL;
    CHECK(d.count == 1, "%zu problems, want 1", d.count);
    if (d.count)
        bt_diag_format(&d.items[0], "t.json", got, sizeof(got));
    CHECK(strcmp(got, want) == 0, "\n  got  %s\n  want %s", got, want);
    CHECK((p != NULL) == c->accepted, "check %s it", p ? "accepted" : "rejected");
    CHECK(d.errors == (is_warning ? 0u : 1u), "%zu errors", d.errors);
    bt_playlist_destroy(p);
    bt_diags_free(&d);

    // The player: what check calls an error in a part is a warning and the part is skipped;
    // a broken structure is rejected all the same.
    p = parse(c->json, c->name, BT_PLAYLIST_PLAY, &d);
    CHECK((p != NULL) == c->accepted, "play %s it", p ? "accepted" : "rejected");
    if (p) {
        CHECK(d.errors == 0, "play reports %zu errors for a skippable problem", d.errors);
        // A bad item is left out, and only it. (Local files are checked by check only; the
        // player checks them when it opens them.)
        if (strstr(want, "items[0]") && !strstr(want, "overrides") && !is_warning &&
            !strstr(c->name, "local file") && !strstr(want, "unknown field"))
            CHECK(p->nzones == 1 && p->zones[0].nitems == 0, "the bad item was not skipped");
        // An unknown field is ignored with a warning, and its item plays.
        if (strstr(want, "unknown field")) {
            CHECK(d.warnings == 1 && d.count &&
                      strstr(d.items[0].message, "unknown field, ignored"),
                  "play: %zu warnings: %s", d.warnings, d.count ? d.items[0].message : "");
            CHECK(!strstr(want, "items[0]") || p->zones[0].nitems == 1, "the item was skipped");
        }
    }
    bt_playlist_destroy(p);
    bt_diags_free(&d);
}

struct good_case {
    const char *name;
    const char *json;
};

static const struct good_case good[] = {
    {"BOM", "\xEF\xBB\xBF" DOC("{\"type\": \"text\", \"text\": \"Xin chào\"}")},
    {"date only", DOC("{\"type\": \"text\", \"text\": \"a\", \"schedule\": {\"from\": "
                      "\"2025-12-10\", \"until\": \"2025-12-31\"}}")},
    {"date and time", DOC("{\"type\": \"text\", \"text\": \"a\", \"schedule\": {\"from\": "
                          "\"2026-01-10T06:00\", \"until\": \"2026-01-10T18:00:30\"}}")},
    {"one day", DOC("{\"type\": \"text\", \"text\": \"a\", \"schedule\": {\"from\": "
                    "\"2025-12-10\", \"until\": \"2025-12-10\", \"days\": [\"wed\"]}}")},
    {"windows", DOC("{\"type\": \"text\", \"text\": \"a\", \"schedule\": {\"days\": [\"mon\", "
                    "\"tue\", \"wed\", \"thu\", \"fri\"], \"hours\": [\"07:30-11:30\", "
                    "\"13:30-17:00\"]}}")},
    {"window to midnight", DOC("{\"type\": \"text\", \"text\": \"a\", \"schedule\": {\"hours\": "
                               "[\"18:00-24:00\"]}}")},
    {"window across midnight", DOC("{\"type\": \"text\", \"text\": \"a\", \"schedule\": "
                                   "{\"days\": [\"mon\"], \"hours\": \"22:00-02:00\"}}")},
    {"every item type",
     DOC("{\"type\": \"image\", \"src\": \"https://cms.example.vn/a.png\", \"sha256\": " SHA
         ", \"size\": 81234, \"duration\": 10, \"fit\": \"cover\"},\n"
         "{\"type\": \"text\", \"text\": \"KHẨU HIỆU\", \"font_size\": 96, \"color\": "
         "\"#FFFF00\", \"background\": \"#DA251D\", \"align\": \"left\", \"valign\": \"top\", "
         "\"bold\": true, \"duration\": 8.5},\n"
         "{\"type\": \"ticker\", \"text\": \"Băng rôn\", \"speed\": 90, \"passes\": 2},\n"
         "{\"type\": \"clock\", \"format\": \"{weekday}, {dd}/{mm}/{yyyy} {HH}:{MM}\"},\n"
         "{\"type\": \"video\", \"src\": \"https://cms.example.vn/v.mp4\", \"sha256\": " SHA
         ", \"size\": 4821, \"muted\": false, \"volume\": 80, \"plays\": 2, \"urgent\": true, "
         "\"id\": \"clip-1\"}")},
    {"overrides, hours and brightness",
     DOCX("{\"type\": \"text\", \"text\": \"a\"}",
          "\"overrides\": [{\"id\": \"storm\", \"priority\": 100, \"zones\": \"all\", "
          "\"items\": [{\"type\": \"text\", \"text\": \"THÔNG BÁO KHẨN\"}], \"schedule\": "
          "{\"from\": \"2026-01-10T06:00\", \"until\": \"2026-01-10T18:00\"}, \"wake\": true}],\n"
          "\"operating_hours\": {\"hours\": \"06:00-22:00\"},\n"
          "\"brightness\": [{\"hours\": \"18:00-06:00\", \"percent\": 40}, {\"hours\": "
          "[\"06:00-18:00\"], \"percent\": 100}]")},
    // Phases handed over at one moment, or on one day at different hours; overrides that do
    // not meet; one that ends each day.
    {"phases handed over at midnight",
     DOC("{\"type\": \"text\", \"text\": \"1\", \"schedule\": {\"until\": \"2025-12-10T00:00\"}},\n"
         "{\"type\": \"text\", \"text\": \"2\", \"schedule\": {\"from\": \"2025-12-10\", "
         "\"until\": \"2025-12-31\"}},\n"
         "{\"type\": \"text\", \"text\": \"3\", \"schedule\": {\"from\": \"2026-01-01\"}}")},
    {"phases on one day at different hours",
     DOC("{\"type\": \"text\", \"text\": \"1\", \"schedule\": {\"until\": \"2025-12-10\", "
         "\"hours\": \"07:00-11:00\"}},\n"
         "{\"type\": \"text\", \"text\": \"2\", \"schedule\": {\"from\": \"2025-12-10\", "
         "\"hours\": \"13:00-17:00\"}}")},
    {"overrides that do not meet",
     DOCX("{\"type\": \"text\", \"text\": \"a\"}",
          "\"overrides\": [{\"id\": \"a\", \"zones\": \"all\", \"schedule\": {\"from\": "
          "\"2026-01-10\", \"days\": [\"mon\"]}, \"items\": [{\"type\": \"text\", \"text\": "
          "\"a\"}]},\n"
          "{\"id\": \"b\", \"zones\": \"all\", \"schedule\": {\"days\": [\"tue\"], \"hours\": "
          "\"00:00-24:00\"}, \"items\": [{\"type\": \"text\", \"text\": \"b\"}]},\n"
          "{\"id\": \"c\", \"priority\": 1, \"zones\": \"all\", \"items\": [{\"type\": "
          "\"text\", \"text\": \"c\"}]}]")},
    {"a space for the T", DOC("{\"type\": \"text\", \"text\": \"a\", \"schedule\": {\"from\": "
                              "\"2026-01-10 06:00\", \"until\": \"2028-02-29 18:00\"}}")},
    // Saturday 00:00-01:30 is the end of Friday's window (issue 13).
    {"a window from the evening before from",
     DOC("{\"type\": \"text\", \"text\": \"a\", \"schedule\": {\"from\": \"2025-12-13\", "
         "\"until\": \"2025-12-13T01:30\", \"days\": [\"fri\"], \"hours\": \"22:00-02:00\"}}")},
};

static void check_good(void)
{
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        bt_test_case = good[i].name;
        struct bt_diags d = {0};
        struct bt_playlist *p = bt_playlist_parse(good[i].json, strlen(good[i].json), "t.json",
                                                  NULL, BT_PLAYLIST_CHECK, &d);
        char first[1024] = "";
        if (d.count)
            bt_diag_format(&d.items[0], "t.json", first, sizeof(first));
        CHECK(p && d.errors == 0 && d.warnings == 0, "%zu errors, %zu warnings: %s", d.errors,
              d.warnings, first);
        bt_playlist_destroy(p);
        bt_diags_free(&d);
    }
}

// Schedules, sources and text as the player will read them.
static void check_values(void)
{
    bt_test_case = "values";
    struct bt_diags d = {0};
    const char *json = good[7].json;
    struct bt_playlist *p =
        bt_playlist_parse(json, strlen(json), "t.json",
                          "https://cms.example.vn/phuong/playlist.json", BT_PLAYLIST_PLAY, &d);
    CHECK(p && p->zones[0].nitems == 5, "items");
    if (p && p->zones[0].nitems == 5) {
        const struct bt_item *it = p->zones[0].items;
        CHECK(it[0].type == BT_ITEM_IMAGE && it[0].source.remote && it[0].source.size == 81234 &&
                  it[0].fit == BT_FIT_COVER && it[0].duration == 10,
              "image");
        CHECK(it[1].type == BT_ITEM_TEXT && strcmp(it[1].text, "KHẨU HIỆU") == 0 &&
                  it[1].font_size == 96 && it[1].bold && it[1].align == BT_ALIGN_LEFT &&
                  it[1].valign == BT_VALIGN_TOP && it[1].duration == 8.5 && it[1].color.r == 0xFF &&
                  it[1].color.b == 0 && it[1].background.r == 0xDA,
              "text");
        CHECK(it[2].type == BT_ITEM_TICKER && it[2].speed == 90 && it[2].passes == 2 &&
                  it[2].color.g == 0xFF && it[2].color.b == 0 && it[2].has_background &&
                  it[2].background.r == 0xDA && it[2].background.g == 0x25,
              "ticker, with the banner's default colours");
        CHECK(it[3].type == BT_ITEM_CLOCK && it[3].duration == 10, "clock");
        CHECK(it[4].type == BT_ITEM_VIDEO && !it[4].muted && it[4].volume == 80 &&
                  it[4].plays == 2 && it[4].urgent && strcmp(it[4].id, "clip-1") == 0,
              "video");
    }
    bt_playlist_destroy(p);
    bt_diags_free(&d);

    // Relative sources against a URL, and local ones against a folder.
    static const struct {
        const char *base, *src, *want;
    } res[] = {
        {"https://cms.example.vn/phuong/playlist.json", "media/a.png",
         "https://cms.example.vn/phuong/media/a.png"},
        {"https://cms.example.vn/phuong/playlist.json?screen=7", "/objects/ab.png",
         "https://cms.example.vn/objects/ab.png"},
        {"https://cms.example.vn", "a.png", "https://cms.example.vn/a.png"},
        {"/media/usb", "clip.mp4", "/media/usb/clip.mp4"},
        {"/media/usb", "/srv/clip.mp4", "/srv/clip.mp4"},
    };
    for (size_t i = 0; i < sizeof(res) / sizeof(res[0]); i++) {
        char doc[512];
        snprintf(doc, sizeof(doc),
                 DOC("{\"type\": \"image\", \"src\": \"%s\", \"sha256\": " SHA ", \"size\": 1}"),
                 res[i].src);
        p = bt_playlist_parse(doc, strlen(doc), "t.json", res[i].base, BT_PLAYLIST_PLAY, &d);
        const char *got = p && p->zones[0].nitems ? p->zones[0].items[0].source.resolved : "-";
        CHECK(strcmp(got, res[i].want) == 0, "%s + %s = %s, want %s", res[i].base, res[i].src, got,
              res[i].want);
        bt_playlist_destroy(p);
        bt_diags_free(&d);
    }

    // Dates: a date-only until includes its day; a date-time until is exclusive.
    json = good[1].json;
    p = bt_playlist_parse(json, strlen(json), "t.json", NULL, BT_PLAYLIST_PLAY, &d);
    const struct bt_schedule *s = p ? p->zones[0].items[0].schedule : NULL;
    // 2025-12-10 is day 20432 since 1970-01-01.
    CHECK(s && s->from == 20432LL * 86400 && s->until == (20432LL + 22) * 86400,
          "from %lld until %lld", s ? (long long)s->from : 0, s ? (long long)s->until : 0);
    bt_playlist_destroy(p);
    json = good[2].json;
    p = bt_playlist_parse(json, strlen(json), "t.json", NULL, BT_PLAYLIST_PLAY, &d);
    s = p ? p->zones[0].items[0].schedule : NULL;
    CHECK(s && s->until - s->from == 12 * 3600 + 30, "date-times");
    bt_playlist_destroy(p);
    json = good[6].json;
    p = bt_playlist_parse(json, strlen(json), "t.json", NULL, BT_PLAYLIST_PLAY, &d);
    s = p ? p->zones[0].items[0].schedule : NULL;
    CHECK(s && s->days == BT_DAY(0) && s->nhours == 1 && s->hours[0].start == 22 * 60 &&
              s->hours[0].end == 2 * 60,
          "window across midnight");
    bt_playlist_destroy(p);

    // Text is NFC: "Tiếng" written with combining marks reads as precomposed.
    const char *nfd =
        DOC("{\"type\": \"text\", \"text\": \"Tie\\u0302\\u0301ng Vie\\u0323\\u0302t\"}");
    p = bt_playlist_parse(nfd, strlen(nfd), "t.json", NULL, BT_PLAYLIST_PLAY, &d);
    CHECK(p && strcmp(p->zones[0].items[0].text, "Tiếng Việt") == 0, "NFC: %s",
          p ? p->zones[0].items[0].text : "-");
    bt_playlist_destroy(p);
    bt_diags_free(&d);
}

// Every example in playlists/ passes check with no problem at all.
static void check_examples(void)
{
    char dir[1024];
    snprintf(dir, sizeof(dir), "%s/playlists", BT_SOURCE_DIR);
    DIR *dh = opendir(dir);
    CHECK(dh != NULL, "cannot open %s", dir);
    int n = 0;
    struct dirent *e;
    while (dh && (e = readdir(dh))) {
        size_t len = strlen(e->d_name);
        if (len < 6 || strcmp(e->d_name + len - 5, ".json") != 0 ||
            strcmp(e->d_name, "schema.json") == 0)
            continue;
        char path[2048];
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        bt_test_case = e->d_name;
        struct bt_diags d = {0};
        struct bt_playlist *p = bt_playlist_load(path, BT_PLAYLIST_CHECK, &d);
        char first[1024] = "";
        if (d.count)
            bt_diag_format(&d.items[0], path, first, sizeof(first));
        CHECK(p && d.errors == 0 && d.warnings == 0, "%s", first);
        bt_playlist_destroy(p);
        bt_diags_free(&d);
        n++;
    }
    if (dh)
        closedir(dh);
    bt_test_case = "examples";
    CHECK(n >= 3, "only %d example playlists", n);
}

static int color_is(struct bt_color c, json_t *hex)
{
    struct bt_color want;
    return json_is_string(hex) && bt_color_parse(json_string_value(hex), &want) == 0 &&
           want.r == c.r && want.g == c.g && want.b == c.b;
}

// The demo as parsed equals the demo as written, field by field (read with jansson directly).
static void check_demo(void)
{
    bt_test_case = "demo, field by field";
    char path[1024];
    snprintf(path, sizeof(path), "%s/playlists/demo.json", BT_SOURCE_DIR);
    json_error_t je;
    json_t *root = json_load_file(path, 0, &je);
    struct bt_diags d = {0};
    struct bt_playlist *p = bt_playlist_load(path, BT_PLAYLIST_PLAY, &d);
    CHECK(root && p, "cannot read the demo");
    if (!root || !p)
        return;
    json_t *canvas = json_object_get(root, "canvas");
    CHECK(p->width == json_integer_value(json_object_get(canvas, "width")) &&
              p->height == json_integer_value(json_object_get(canvas, "height")),
          "canvas size");
    CHECK(color_is(p->background, json_object_get(canvas, "background")), "canvas background");
    CHECK(strcmp(p->revision, json_string_value(json_object_get(root, "revision"))) == 0,
          "revision");
    json_t *zones = json_object_get(root, "zones");
    CHECK(p->nzones == json_array_size(zones), "zone count");
    size_t nitems = 0;
    for (size_t i = 0; i < p->nzones && i < json_array_size(zones); i++) {
        json_t *jz = json_array_get(zones, i);
        const struct bt_zone *z = &p->zones[i];
        CHECK(strcmp(z->id, json_string_value(json_object_get(jz, "id"))) == 0, "zone %zu id", i);
        CHECK(z->x == json_integer_value(json_object_get(jz, "x")) &&
                  z->y == json_integer_value(json_object_get(jz, "y")) &&
                  z->w == json_integer_value(json_object_get(jz, "w")) &&
                  z->h == json_integer_value(json_object_get(jz, "h")),
              "zone %s geometry", z->id);
        if (json_object_get(jz, "background"))
            CHECK(z->has_background && color_is(z->background, json_object_get(jz, "background")),
                  "zone %s background", z->id);
        json_t *items = json_object_get(jz, "items");
        CHECK(z->nitems == json_array_size(items), "zone %s item count", z->id);
        for (size_t k = 0; k < z->nitems && k < json_array_size(items); k++) {
            json_t *ji = json_array_get(items, k);
            const struct bt_item *it = &z->items[k];
            nitems++;
            CHECK(strcmp(bt_item_type_name(it->type),
                         json_string_value(json_object_get(ji, "type"))) == 0,
                  "zone %s item %zu type", z->id, k);
            json_t *v;
            if ((v = json_object_get(ji, "text")))
                CHECK(it->text && strcmp(it->text, json_string_value(v)) == 0, "item text");
            if ((v = json_object_get(ji, "format")))
                CHECK(it->text && strcmp(it->text, json_string_value(v)) == 0, "clock format");
            if ((v = json_object_get(ji, "duration")))
                CHECK(it->duration == json_number_value(v), "item duration");
            if ((v = json_object_get(ji, "speed")))
                CHECK(it->speed == json_number_value(v), "ticker speed");
            if ((v = json_object_get(ji, "font_size")))
                CHECK(it->font_size == json_integer_value(v), "font size");
            if ((v = json_object_get(ji, "color")))
                CHECK(color_is(it->color, v), "item colour");
            if ((v = json_object_get(ji, "background")))
                CHECK(color_is(it->background, v), "item background");
            if ((v = json_object_get(ji, "src")))
                CHECK(strcmp(it->source.src, json_string_value(v)) == 0, "item src");
        }
    }
    CHECK(d.count == 0, "the demo has %zu problems", d.count);
    json_decref(root);
    bt_playlist_destroy(p);
    bt_diags_free(&d);
}

// What check says of text as the screen will draw it: one warning each, at the field, through
// the command staff run (a 192x96 canvas: an LED panel).
static void check_text_warnings(void)
{
    static const struct {
        const char *name, *item, *want[3];
    } cases[] = {
        {"a fixed size too big",
         "{\"type\": \"text\", \"text\": \"ĐỘT PHÁ PHÁT TRIỂN\", \"font_size\": 60}",
         {"zones[0].items[0].font_size: 60 px does not fit its zone (192×96 px); the screen draws "
          "it at ",
          "or leave font_size out to fit the zone"}},
        {"a word wider than the zone",
         "{\"type\": \"text\", \"text\": \"Email: phuong7@hochiminhcity.gov.vn\"}",
         {"zones[0].items[0].text: has a word wider than its zone (192 px wide) at ",
          "the screen breaks it between letters"}},
        {"below the legibility floor",
         "{\"type\": \"text\", \"text\": \"Thông báo lịch tiếp công dân của Ủy ban nhân dân "
         "phường vào sáng thứ Bảy hằng tuần từ 7 giờ 30 đến 11 giờ 30\"}",
         {"zones[0].items[0].text: is drawn at ", " px on the canvas, below the 18 px"}},
        {"a ticker too big",
         "{\"type\": \"ticker\", \"text\": \"ẶNG\", \"font_size\": 120, \"speed\": 60}",
         {"zones[0].items[0].font_size: 120 px does not fit its zone (192×96 px)"}},
        {"low contrast",
         "{\"type\": \"text\", \"text\": \"Mờ\", \"color\": \"#333333\"}",
         {"zones[0].items[0].color: the text colour #333333 on #000000 has a contrast of 1.7:1"}},
        {"low contrast on its own background",
         "{\"type\": \"ticker\", \"text\": \"Vàng trên trắng\", \"speed\": 60, \"color\": "
         "\"#FFFF00\", \"background\": \"#FFFFFF\"}",
         {"zones[0].items[0].color: the text colour #FFFF00 on #FFFFFF has a contrast of 1.1:1"}},
        {"every missing character, a tab too",
         "{\"type\": \"text\", \"text\": \"Tab\\there ✈ 😀 ✈\", \"font_size\": 20}",
         {"zones[0].items[0].text: the font has no character for a tab (use spaces), U+2708 "
          "\"✈\", U+1F600 \"😀\"; the screen shows an empty box for each"}},
        {"a clock format's missing character",
         "{\"type\": \"clock\", \"format\": \"{HH}:{MM} ☎\"}",
         {"zones[0].items[0].format: the font has no character for U+260E \"☎\""}},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        bt_test_case = cases[i].name;
        char json[1200], name[40], args[600], *out = NULL;
        snprintf(json, sizeof(json),
                 "{\"version\": 1, \"canvas\": {\"width\": 192, \"height\": 96},\n"
                 " \"zones\": [{\"id\": \"z\", \"x\": 0, \"y\": 0, \"w\": 192, \"h\": 96,\n"
                 "  \"items\": [%s]}]}\n",
                 cases[i].item);
        snprintf(name, sizeof(name), "text-warn-%zu.json", i);
        const char *file = bt_test_write(name, json);
        snprintf(args, sizeof(args), "check %s", file);
        int rc = bt_test_run_bangtin(name, args, &out, NULL);
        int warnings = 0;
        for (const char *l = out; l && (l = strstr(l, ": warning: ")); l++)
            warnings++;
        CHECK(rc == 0 && warnings == 1, "exit %d, %d warnings:\n%s", rc, warnings, out ? out : "");
        for (int k = 0; k < 3 && cases[i].want[k]; k++)
            CHECK(out && strstr(out, cases[i].want[k]), "lacks '%s' in:\n%s", cases[i].want[k],
                  out ? out : "");
        // At the item's text (line 3), as every text problem is.
        snprintf(json, sizeof(json), "%s:3:", file);
        CHECK(out && strstr(out, json), "not at line 3:\n%s", out ? out : "");
        free(out);
    }
}

// check in Vietnamese, for every bad file of the table: the same problems at the same places —
// FILE:LINE:COL: and the JSON path unchanged —, the severity and the words translated.
static void check_vietnamese(void)
{
    bt_test_case = "check in Vietnamese";
    char args[1200], *en = NULL, *vi = NULL;
    int translated = 0, lines = 0;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char name[40];
        snprintf(name, sizeof(name), "vi-%zu.json", i);
        const char *file = bt_test_write(name, bad[i].json);
        snprintf(args, sizeof(args), "check %s", file);
        unsetenv("LANGUAGE");
        int rc_en = bt_test_run_bangtin("vi-en", args, &en, NULL);
        setenv("LANGUAGE", "vi", 1);
        int rc_vi = bt_test_run_bangtin("vi-vi", args, &vi, NULL);
        unsetenv("LANGUAGE");
        CHECK(rc_en == rc_vi, "%s: exit %d in English, %d in Vietnamese", bad[i].name, rc_en,
              rc_vi);
        // Line by line: the prefix up to the severity, then the path up to ": ".
        const char *a = en ? en : "", *b = vi ? vi : "";
        while (*a && *b) {
            const char *ea = strchr(a, '\n'), *eb = strchr(b, '\n');
            if (!ea || !eb)
                break;
            const char *sa = strstr(a, ": error: "), *sb = strstr(b, ": lỗi: ");
            int warn = 0;
            if (!sa || sa > ea) {
                sa = strstr(a, ": warning: ");
                sb = strstr(b, ": cảnh báo: ");
                warn = 1;
            }
            if (sa && sa < ea) {
                lines++;
                CHECK(sb && sb < eb && sa - a == sb - b && memcmp(a, b, (size_t)(sa - a)) == 0,
                      "%s: the places differ:\n  %.*s\n  %.*s", bad[i].name, (int)(ea - a), a,
                      (int)(eb - b), b);
                const char *ma = sa + strlen(warn ? ": warning: " : ": error: ");
                const char *mb = sb ? sb + strlen(warn ? ": cảnh báo: " : ": lỗi: ") : b;
                // A JSON path ("zones[0].items[2].duration: ") is kept as it is.
                const char *pa = strstr(ma, ": ");
                if (pa && pa < ea && !memchr(ma, ' ', (size_t)(pa - ma)))
                    CHECK(strncmp(ma, mb, (size_t)(pa - ma + 2)) == 0,
                          "%s: the path differs:\n  %.*s\n  %.*s", bad[i].name, (int)(ea - a), a,
                          (int)(eb - b), b);
                translated += (ea - ma) != (eb - mb) || memcmp(ma, mb, (size_t)(ea - ma)) != 0;
            }
            a = ea + 1;
            b = eb + 1;
        }
        free(en);
        free(vi);
        en = vi = NULL;
    }
    CHECK(lines > 20 && translated == lines, "%d of %d problems are translated", translated, lines);
}

// The command staff run: problems, the summary line, exit status and --json.
static void check_cli(void)
{
    bt_test_case = "bangtin check";
    const char *bad_file = bt_test_write("bad.json", DOC("{\"type\": \"text\", \"text\": \"a\", "
                                                         "\"duration\": 0}"));
    char args[2048], want[2048], *out = NULL, *err = NULL;
    snprintf(args, sizeof(args), "check %s/playlists/led-panel.json %s", BT_SOURCE_DIR, bad_file);
    int rc = bt_test_run_bangtin("check", args, &out, &err);
    CHECK(rc == 2, "exit %d with an error, want 2", rc);
    snprintf(want, sizeof(want),
             "%s:4:43: error: zones[0].items[0].duration: must be a number greater than 0\n",
             bad_file);
    CHECK(out && strstr(out, want), "lacks '%s' in:\n%s", want, out ? out : "");
    CHECK(out && strstr(out, "led-panel.json: 2 zones, 5 items (3 text, 1 ticker, 1 clock), "
                             "0 overrides: 0 errors, 0 warnings\n"),
          "no summary for led-panel.json:\n%s", out ? out : "");
    snprintf(want, sizeof(want), "%s: 1 zone, 0 items, 0 overrides: 1 error, 0 warnings\n",
             bad_file);
    CHECK(out && strstr(out, want), "no summary '%s' in:\n%s", want, out ? out : "");
    free(out);
    free(err);

    snprintf(args, sizeof(args), "check %s/playlists/ward-hall.json", BT_SOURCE_DIR);
    rc = bt_test_run_bangtin("check-ok", args, &out, NULL);
    CHECK(rc == 0, "exit %d for a good playlist: %s", rc, out ? out : "");
    free(out);

    // A character the bundled font lacks: a warning at the text, and no error.
    const char *cjk = bt_test_write("cjk.json", DOC("{\"type\": \"text\", \"text\": "
                                                    "\"Xin chào 你好\"}"));
    snprintf(args, sizeof(args), "check %s", cjk);
    rc = bt_test_run_bangtin("check-glyph", args, &out, NULL);
    snprintf(want, sizeof(want),
             "%s:4:26: warning: zones[0].items[0].text: the font has no character for U+4F60 "
             "\"你\", U+597D \"好\"; the screen shows an empty box for each\n",
             cjk);
    CHECK(rc == 0 && out && strstr(out, want), "exit %d, lacks '%s' in:\n%s", rc, want,
          out ? out : "");
    free(out);

    // --json: a file with an error is not accepted, though it was read; one with only a warning
    // is.
    snprintf(args, sizeof(args), "check --json %s %s", bad_file, cjk);
    rc = bt_test_run_bangtin("check-json", args, &out, NULL);
    json_error_t je;
    json_t *doc = out ? json_loads(out, 0, &je) : NULL;
    json_t *f0 = json_array_get(json_object_get(doc, "files"), 0);
    json_t *f1 = json_array_get(json_object_get(doc, "files"), 1);
    json_t *p0 = json_array_get(json_object_get(f0, "problems"), 0);
    CHECK(rc == 2 && doc, "exit %d, JSON %s", rc, doc ? "ok" : je.text);
    CHECK(json_is_false(json_object_get(f0, "accepted")) &&
              json_integer_value(json_object_get(f0, "zones")) == 1,
          "a playlist with an error is accepted: %s", out ? out : "");
    CHECK(json_is_true(json_object_get(f1, "accepted")) &&
              json_integer_value(json_object_get(f1, "warnings")) == 1,
          "a playlist with a warning only is not accepted: %s", out ? out : "");
    CHECK(json_integer_value(json_object_get(f0, "errors")) == 1 &&
              json_integer_value(json_object_get(p0, "line")) == 4 &&
              json_integer_value(json_object_get(p0, "column")) == 43 &&
              strcmp(json_string_value(json_object_get(p0, "path")),
                     "zones[0].items[0].duration") == 0,
          "JSON problem: %s", out ? out : "");
    json_decref(doc);
    free(out);

    // What a document holds reaches the terminal without its control characters: an escape
    // sequence in a type, a line break that would fake a line of check's own.
    bt_test_case = "check prints no control character of a document";
    const char *evil = bt_test_write(
        "evil.json",
        DOC("{\"type\": \"\\u001b[2J\\u001b[31mimage\\nt.json: ok\", \"text\": \"a\"}"));
    snprintf(args, sizeof(args), "check %s", evil);
    rc = bt_test_run_bangtin("check-evil", args, &out, NULL);
    int lines = 0;
    for (const char *c = out; c && *c; c++)
        lines += *c == '\n';
    CHECK(rc == 2 && out && !strchr(out, '\x1B') && strstr(out, "[2J [31mimage t.json: ok") &&
              lines == 2,
          "exit %d, %d lines:\n%s", rc, lines, out ? out : "");
    free(out);
}

// `bangtin pack`: objects named by their SHA-256, the playlist rewritten to them, checked, and
// playing from another folder with nothing of the repository's assets beside it.
static void check_pack(void)
{
    bt_test_case = "pack";
    char args[4096], out[1024], moved[1024], *text = NULL;
    snprintf(out, sizeof(out), "%s/packed", bt_test_tmpdir());
    // The demo's media are in assets/, beside its folder: named, they may be published.
    snprintf(args, sizeof(args), "pack %s/playlists/demo.json %s", BT_SOURCE_DIR, out);
    int rc = bt_test_run_bangtin("pack-outside", args, &text, NULL);
    CHECK(rc == 2 && text && strstr(text, "outside the playlist's folder") &&
              strstr(text, "Nothing was packed"),
          "exit %d:\n%s", rc, text ? text : "");
    free(text);
    snprintf(args, sizeof(args), "pack %s/playlists/demo.json %s %s/assets", BT_SOURCE_DIR, out,
             BT_SOURCE_DIR);
    rc = bt_test_run_bangtin("pack", args, &text, NULL);
    CHECK(rc == 0 && text && strstr(text, "3 new objects"), "exit %d:\n%s", rc, text ? text : "");
    free(text);
    static const char *const files[] = {"assets/demo/nq57.png",
                                        "assets/demo/binh-dan-hoc-vu-so.png",
                                        "assets/demo/clip-chuyen-doi-so.mp4"};
    for (int i = 0; i < 3; i++) {
        char src[1024], hex[65], obj[1400];
        int64_t size;
        snprintf(src, sizeof(src), "%s/%s", BT_SOURCE_DIR, files[i]);
        CHECK(bt_sha256_file(src, hex, &size) == 0, "cannot hash %s", src);
        snprintf(obj, sizeof(obj), "%s/objects/%s%s", out, hex, strrchr(files[i], '.'));
        char *packed = bt_test_read(obj);
        CHECK(packed != NULL, "no object %s", obj);
        free(packed);
    }
    // The packed folder alone, moved elsewhere, plays: the first infographic's red top.
    snprintf(moved, sizeof(moved), "%s/elsewhere", bt_test_tmpdir());
    snprintf(args, sizeof(args), "mv %s %s", out, moved);
    CHECK(system(args) == 0, "mv");
    snprintf(args, sizeof(args),
             "--config /dev/null --headless --renderer software "
             "--window 960x540 --snapshot 0 --out %s/shot %s/playlist.json",
             moved, moved);
    rc = bt_test_run_bangtin("pack-play", args, NULL, &text);
    CHECK(rc == 0 && text && !strstr(text, "warn"), "exit %d:\n%s", rc, text ? text : "");
    free(text);
    char png[1400];
    snprintf(png, sizeof(png), "%s/shot/frame-000000.png", moved);
    struct bt_test_image img;
    CHECK(bt_test_image_load(png, &img) == 0 && bt_test_pixel_is(&img, 300, 8, 0xDA251D, 6),
          "the packed demo does not show its infographic: #%06X", bt_test_pixel(&img, 300, 8));
    bt_test_image_free(&img);

    // A playlist with an error packs nothing.
    const char *broken = bt_test_write("bad-pack.json", DOC("{\"type\": \"text\"}"));
    snprintf(out, sizeof(out), "%s/not-packed", bt_test_tmpdir());
    snprintf(args, sizeof(args), "pack %s %s", broken, out);
    rc = bt_test_run_bangtin("pack-bad", args, &text, NULL);
    CHECK(rc == 2 && text && strstr(text, "Nothing was packed"), "exit %d:\n%s", rc,
          text ? text : "");
    free(text);
    struct stat st;
    CHECK(stat(out, &st) != 0, "%s was made", out);

    // Only media leave the machine: paths and links out of the folder, system files, and files
    // inside that are not media are refused, each with its reason, and nothing is written.
    char media[1024], link[1100];
    snprintf(media, sizeof(media), "%s/pub", bt_test_tmpdir());
    snprintf(args, sizeof(args), "mkdir -p %s", media);
    CHECK(system(args) == 0, "mkdir");
    snprintf(link, sizeof(link), "%s/logo.png", media);
    CHECK(symlink("/etc/passwd", link) == 0, "symlink");
    snprintf(link, sizeof(link), "%s/notes.png", media);
    FILE *f = fopen(link, "w");
    CHECK(f && fputs("not a picture\n", f) >= 0 && fclose(f) == 0, "notes.png");
    static const struct {
        const char *src, *says;
    } refused[] = {
        {"../../../../../../etc/passwd", "leads to /etc/passwd, outside the playlist's folder"},
        {"/etc/passwd", "leads to /etc/passwd, outside the playlist's folder"},
        {"logo.png", "leads to /etc/passwd, outside the playlist's folder"},
        {"/proc/self/environ", "outside the playlist's folder"},
        {"notes.png", "notes.png is not a PNG, JPEG or WebP image"},
    };
    for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
        char doc[2048], name[64];
        snprintf(doc, sizeof(doc), DOC("{\"type\": \"image\", \"src\": \"%s\", \"duration\": 5}"),
                 refused[i].src);
        snprintf(name, sizeof(name), "pub/refused-%zu.json", i);
        const char *pl = bt_test_write(name, doc);
        snprintf(out, sizeof(out), "%s/refused-out-%zu", bt_test_tmpdir(), i);
        snprintf(args, sizeof(args), "pack %s %s", pl, out);
        rc = bt_test_run_bangtin("pack-refused", args, &text, NULL);
        CHECK(rc == 2 && text && strstr(text, refused[i].says) &&
                  strstr(text, "Nothing was packed"),
              "%s: exit %d:\n%s", refused[i].src, rc, text ? text : "");
        CHECK(stat(out, &st) != 0, "%s: %s was made", refused[i].src, out);
        free(text);
    }
}

static int write_file(const char *dir, const char *name, const char *data, size_t len)
{
    char path[2048];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
        perror(path);
        return -1;
    }
    return 0;
}

// `test_playlist --fixtures DIR` writes every case of the tables into DIR: bad-NN.json and
// good-NN.json, the media the local-file cases name, and index.json ({"file": "case name"}),
// for tests/schema_check.py, which gives each to the JSON Schema and to bangtin check.
static int write_fixtures(const char *dir)
{
    json_t *index = json_object();
    char name[64];
    int rc = write_file(dir, "media.bin", "0123456789", 10);
    for (size_t i = 0; rc == 0 && i < sizeof(bad) / sizeof(bad[0]); i++) {
        snprintf(name, sizeof(name), "bad-%02zu.json", i);
        rc = write_file(dir, name, bad[i].json, case_len(bad[i].json, bad[i].name));
        json_object_set_new(index, name, json_string(bad[i].name));
    }
    for (size_t i = 0; rc == 0 && i < sizeof(good) / sizeof(good[0]); i++) {
        snprintf(name, sizeof(name), "good-%02zu.json", i);
        rc = write_file(dir, name, good[i].json, strlen(good[i].json));
        json_object_set_new(index, name, json_string(good[i].name));
    }
    char *text = json_dumps(index, JSON_INDENT(1) | JSON_SORT_KEYS);
    if (rc == 0)
        rc = text ? write_file(dir, "index.json", text, strlen(text)) : -1;
    free(text);
    json_decref(index);
    return rc == 0 ? 0 : 1;
}

// A growing text, for the documents below.
struct buf {
    char *s;
    size_t n, cap;
};

static void add(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (b->n + (size_t)k + 1 > b->cap) {
        b->cap = (b->n + (size_t)k + 1) * 2;
        b->s = realloc(b->s, b->cap);
    }
    va_start(ap, fmt);
    vsnprintf(b->s + b->n, b->cap - b->n, fmt, ap);
    va_end(ap);
    b->n += (size_t)k;
}

// Whether the problems of d include one whose formatted text has `want`; with `error`, as an
// error (else a warning).
static int said(const struct bt_diags *d, const char *want, int error)
{
    char line[1024];
    for (size_t i = 0; i < d->count; i++) {
        bt_diag_format(&d->items[i], "t.json", line, sizeof(line));
        if (strstr(line, want) && (d->items[i].severity == BT_SEV_ERROR) == error)
            return 1;
    }
    return 0;
}

static void show_diags(const struct bt_diags *d, char *out, size_t size)
{
    size_t n = 0;
    out[0] = '\0';
    for (size_t i = 0; i < d->count && n + 2 < size; i++) {
        char line[1024];
        bt_diag_format(&d->items[i], "t.json", line, sizeof(line));
        n += (size_t)snprintf(out + n, size - n, "  %s\n", line);
    }
}

// What a hostile document costs is bounded, and each bound is said where it is met: check
// refuses, the player skips the part (or, for marks and control characters, shows the text
// without them) with a warning.
static void check_limits(void)
{
    struct {
        const char *name;
        struct buf doc;
        const char *check_says;   // an error of check
        const char *play_says;    // a warning of the player (NULL: rejected as check does)
    } cases[9];
    static const char *const names[9] = {"257 overrides",
                                         "49 windows",
                                         "49 brightness entries",
                                         "200,001 values",
                                         "5 marks on a letter",
                                         "a control character in an id",
                                         "a line break in a revision",
                                         "a text too long to normalise",
                                         "an escape in a feed's address"};
    memset(cases, 0, sizeof(cases));
    for (int i = 0; i < 9; i++)
        cases[i].name = names[i];
    const char *item = "{\"type\": \"text\", \"text\": \"a\"}";
    struct buf *b = &cases[0].doc;
    add(b, HEAD ZONE_OPEN "\"items\": [%s]}],\n\"overrides\": [", item);
    for (int i = 0; i < 257; i++)
        add(b, "%s{\"id\": \"o%d\", \"zones\": \"all\", \"items\": [%s]}", i ? ", " : "", i, item);
    add(b, "]}");
    cases[0].check_says =
        "t.json:4:14: error: overrides: has 257 overrides; at most 256 are allowed";
    cases[0].play_says = "has 257 overrides; at most 256 are allowed";
    b = &cases[1].doc;
    add(b, DOC("{\"type\": \"text\", \"text\": \"a\", \"schedule\": {\"hours\": ["));
    b->n = strlen(b->s) - strlen("\n]}]}");   // reopen the list
    for (int i = 0; i < 49; i++)
        add(b, "%s\"%02d:00-%02d:30\"", i ? ", " : "", i % 24, i % 24);
    add(b, "]}}\n]}]}");
    cases[1].check_says =
        "zones[0].items[0].schedule.hours: has 49 windows; at most 48 are allowed";
    cases[1].play_says = "has 49 windows; at most 48 are allowed";
    b = &cases[2].doc;
    add(b, HEAD ZONE_OPEN "\"items\": [%s]}],\n\"brightness\": [", item);
    for (int i = 0; i < 49; i++)
        add(b, "%s{\"hours\": \"18:00-06:00\", \"percent\": 40}", i ? ", " : "");
    add(b, "]}");
    cases[2].check_says = "error: brightness: has 49 entries; at most 48 are allowed";
    cases[2].play_says = "has 49 entries; at most 48 are allowed";
    b = &cases[3].doc;
    add(b, HEAD ZONE_OPEN "\"items\": [%s]}],\n\"x-numbers\": [0", item);
    for (int i = 0; i < 200000; i++)
        add(b, ",1");
    add(b, "]}");
    cases[3].check_says = "t.json: error: the file holds 2000";   // 200,032 by its count
    b = &cases[4].doc;
    add(b, DOC("{\"type\": \"text\", \"text\": \"Ba\u0301\u0301\u0301\u0301\u0301\u0301ng\"}"));
    cases[4].check_says = "t.json:4:26: error: zones[0].items[0].text: has 5 accents (combining "
                          "marks) on one letter; at most 4 are shown: remove the extra ones";
    cases[4].play_says = "has 5 accents";
    b = &cases[5].doc;
    add(b, DOC("{\"type\": \"text\", \"id\": \"a\\u001b[2Jb\", \"text\": \"a\"}"));
    cases[5].check_says = "zones[0].items[0].id: holds a control character (a line break, a tab, "
                          "an escape or a direction mark)";
    cases[5].play_says = "holds a control character; it is shown as �";
    b = &cases[6].doc;
    add(b,
        DOCX("{\"type\": \"text\", \"text\": \"a\"}", "\"revision\": \"demo\\nWATCHDOG_USEC=1\""));
    cases[6].check_says = "t.json:6:13: error: revision: holds a control character";
    cases[6].play_says = "holds a control character; it is shown as �";
    b = &cases[7].doc;
    add(b, DOC("{\"type\": \"text\", \"text\": \""));
    b->n = strlen(b->s) - strlen("\n]}]}");   // reopen the text
    for (int i = 0; i < 40001; i++)
        add(b, "a");
    add(b, "\"}\n]}]}");
    cases[7].check_says = "text: is 40001 bytes long; at most 10000 characters are allowed";
    cases[7].play_says = "is 40001 bytes long";
    b = &cases[8].doc;
    add(b, DOC("{\"type\": \"ticker\", \"feed\": \"https://a.vn/rss\\u001b]0;x\\u0007\"}"));
    cases[8].check_says = "zones[0].items[0].feed: holds a control character";
    cases[8].play_says = "holds a control character; it is shown as �";
    char all[8000];
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        bt_test_case = cases[i].name;
        struct bt_diags d = {0};
        struct bt_playlist *p =
            bt_playlist_parse(cases[i].doc.s, cases[i].doc.n, "t.json", ".", BT_PLAYLIST_CHECK, &d);
        show_diags(&d, all, sizeof(all));
        CHECK(said(&d, cases[i].check_says, 1), "check does not say \"%s\":\n%s",
              cases[i].check_says, all);
        bt_playlist_destroy(p);
        bt_diags_free(&d);
        p = bt_playlist_parse(cases[i].doc.s, cases[i].doc.n, "t.json", ".", BT_PLAYLIST_PLAY, &d);
        show_diags(&d, all, sizeof(all));
        if (cases[i].play_says)
            CHECK(p && d.errors == 0 && said(&d, cases[i].play_says, 0),
                  "the player does not play it with \"%s\":\n%s", cases[i].play_says, all);
        else
            CHECK(!p, "the player plays it");
        if (p && i == 4)   // four marks kept
            CHECK(strcmp(p->zones[0].items[0].text, "B\u00E1\u0301\u0301\u0301\u0301ng") == 0,
                  "shown as \"%s\"", p->zones[0].items[0].text);
        if (p && i == 6)
            CHECK(strcmp(p->revision, "demo\xEF\xBF\xBDWATCHDOG_USEC=1") == 0, "revision \"%s\"",
                  p->revision);
        bt_playlist_destroy(p);
        bt_diags_free(&d);
        free(cases[i].doc.s);
    }
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--fixtures") == 0)
        return write_fixtures(argv[2]);
    // The local media the "local file" cases point at: ten bytes.
    char media[1024];
    snprintf(media, sizeof(media), "%s/media.bin", bt_test_tmpdir());
    FILE *f = fopen(media, "w");
    if (!f || fputs("0123456789", f) < 0 || fclose(f) != 0)
        return 1;
    size_t nbad = sizeof(bad) / sizeof(bad[0]);
    for (size_t i = 0; i < nbad; i++)
        check_bad(&bad[i]);
    bt_test_case = "table";
    CHECK(nbad >= 40, "only %zu bad files", nbad);
    check_good();
    check_values();
    check_limits();
    check_examples();
    check_demo();
    check_cli();
    check_text_warnings();
    check_vietnamese();
    check_pack();
    return bt_test_end();
}
