#!/usr/bin/python3
"""playlists/schema.json and `bangtin check` are the same contract: every fixture the tests have
gets the same verdict, accepted or refused, from both. The fixtures are test_playlist's tables
(written out by `test_playlist --fixtures DIR`), the playlists in playlists/ and the cases below.
What a JSON Schema cannot say is listed in KNOWN with its reason; those cases must still differ.

usage: schema_check.py SOURCE_DIR TEST_PLAYLIST BANGTIN
"""
import json
import pathlib
import subprocess
import sys
import tempfile

import jsonschema

root, test_playlist, bangtin = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3]
schema = json.loads((root / "playlists" / "schema.json").read_text(encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
passed = failed = 0

# Refused by check, accepted by the schema, because a JSON Schema cannot say it.
KNOWN = {
    "duplicate key": "the schema sees the parsed document, in which a field given twice is "
                     "already one",
    "zone ids repeat": "ids different across a list (uniqueItems compares whole zones)",
    "zone off the canvas": "x + w against the canvas's width is arithmetic between fields",
    "until before from": "comparing the values of two fields",
    "no such day in the range": "the weekdays between two dates: a schedule that never plays",
    "no hour of the window between from and until": "the hours between two date-times: a "
                                                    "schedule that never plays",
    "30 February": "a date that is not in the calendar (month lengths, leap years)",
    "override names a missing zone": "a reference to the ids of another part of the document",
    "unknown timezone": "the time zones this machine's tzdata knows",
    "address libcurl refuses": "what libcurl's URL parser takes (a port past 65535)",
    "local file missing": "the files beside the playlist",
    "local file size differs": "a file's size",
    "local file sha256 differs": "a file's sha256",
}

# The schema's own cases, beside test_playlist's.
base = {"version": 1, "canvas": {"width": 1920, "height": 1080},
        "zones": [{"id": "main", "x": 0, "y": 0, "w": 1920, "h": 1080, "items": []}]}
own_items = {
    "schema: unknown type": {"type": "slideshow"},
    "schema: duration 0": {"type": "text", "text": "a", "duration": 0},
    "schema: ticker passes and duration": {"type": "ticker", "text": "a", "passes": 2,
                                           "duration": 3},
    "schema: hour 25": {"type": "text", "text": "a", "schedule": {"hours": ["13:30-25:00"]}},
    "schema: day/month/year": {"type": "text", "text": "a", "schedule": {"from": "10/12/2025"}},
    "schema: bad day": {"type": "text", "text": "a", "schedule": {"days": ["monday"]}},
    "schema: three-digit colour": {"type": "text", "text": "a", "color": "#FFF"},
    "schema: unknown field": {"type": "text", "text": "a", "colour": "#FFFFFF"},
    "schema: clock with braces": {"type": "clock", "format": "{{{HH}}}:{MM}"},
    "schema: clock with a lone brace": {"type": "clock", "format": "{HH}}:{MM}"},
    "schema: https in capitals without sha256": {"type": "image", "src": "HTTPS://cms.vn/a.png"},
    "schema: a path with :// in it": {"type": "image", "src": "media/a://b.png"},
    "schema: countdown": {"type": "countdown", "to": "2026-12-20T08:00",
                          "text": "Còn {days} ngày {{{hours}}}", "after": "Chào mừng"},
    "schema: countdown without to": {"type": "countdown", "text": "Còn {days} ngày"},
    "schema: countdown by date only": {"type": "countdown", "to": "2026-12-20"},
    "schema: countdown with a clock field": {"type": "countdown", "to": "2026-12-20",
                                             "text": "{HH} giờ"},
    "schema: countdown to 20/12/2026": {"type": "countdown", "to": "20/12/2026"},
    "schema: transition by name": {"type": "text", "text": "a", "transition": "wipe"},
    "schema: transition as an object": {"type": "qr", "text": "a", "transition":
                                        {"type": "slide", "direction": "up", "duration": 1.5}},
    "schema: transition without type": {"type": "text", "text": "a",
                                        "transition": {"duration": 1}},
    "schema: transition down": {"type": "text", "text": "a",
                                "transition": {"type": "slide", "direction": "down"}},
    "schema: transition of 0 s": {"type": "text", "text": "a",
                                  "transition": {"type": "fade", "duration": 0}},
    "schema: ticker from a feed": {"type": "ticker", "feed": "https://phuong.gov.vn/rss",
                                   "feed_items": 5, "feed_days": 7, "separator": " • "},
    "schema: ticker from a feed, with text until it is read": {
        "type": "ticker", "feed": "https://phuong.gov.vn/rss", "text": "Tin phường"},
    "schema: ticker with neither text nor feed": {"type": "ticker", "speed": 100},
    "schema: ticker from a file feed": {"type": "ticker", "feed": "tin.xml"},
    "schema: ticker with an empty text": {"type": "ticker", "text": ""},
    "schema: ticker of 101 feed items": {"type": "ticker", "feed": "https://a.vn/rss",
                                         "feed_items": 101},
    "schema: transition dissolve": {"type": "text", "text": "a", "transition": "dissolve"},
}


def expect(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAILED: {name}: {detail}")


def schema_accepts(path):
    """The file as UTF-8 (a byte-order mark is fine) and JSON, valid by the schema."""
    try:
        doc = json.loads(path.read_bytes().decode("utf-8-sig"))
    except ValueError:   # not UTF-8, or not JSON
        return False
    return validator.is_valid(doc)


with tempfile.TemporaryDirectory() as tmp:
    fixtures = pathlib.Path(tmp)
    subprocess.run([test_playlist, "--fixtures", str(fixtures)], check=True)
    names = json.loads((fixtures / "index.json").read_text(encoding="utf-8"))
    for i, (name, item) in enumerate(own_items.items()):
        doc = json.loads(json.dumps(base))
        doc["zones"][0]["items"].append(item)
        (fixtures / f"own-{i:02}.json").write_text(json.dumps(doc), encoding="utf-8")
        names[f"own-{i:02}.json"] = name
    zoned = json.loads(json.dumps(base))
    zoned["zones"][0]["transition"] = {"type": "fade", "duration": 0.5}
    zoned["zones"][0]["items"].append({"type": "text", "text": "a"})
    (fixtures / "own-zone-transition.json").write_text(json.dumps(zoned))
    names["own-zone-transition.json"] = "schema: a zone's transition"
    zoned["zones"][0]["transition"] = "spin"
    (fixtures / "own-zone-spin.json").write_text(json.dumps(zoned))
    names["own-zone-spin.json"] = "schema: a zone's transition spin"
    (fixtures / "own-version-2.json").write_text(json.dumps(dict(base, version=2)))
    names["own-version-2.json"] = "schema: version 2"
    files = {str(fixtures / f): n for f, n in names.items()}
    examples = [p for p in sorted((root / "playlists").glob("*.json")) if p.name != "schema.json"]
    files.update({str(p): p.name for p in examples})

    # One run of check for all of them: --json says for each file whether it is accepted.
    run = subprocess.run([bangtin, "check", "--json", *files], capture_output=True, text=True)
    expect("bangtin check", run.returncode in (0, 2), f"exit {run.returncode}: {run.stderr}")
    check = {f["file"]: f["accepted"] for f in json.loads(run.stdout)["files"]}

    for path, name in files.items():
        by_schema, by_check = schema_accepts(pathlib.Path(path)), check[path]
        verdict = f"the schema {'accepts' if by_schema else 'refuses'} it, check " \
                  f"{'accepts' if by_check else 'refuses'} it"
        if name in KNOWN:
            expect(name, by_schema and not by_check,
                   f"{verdict}; it is no longer a known difference ({KNOWN[name]})")
        else:
            expect(name, by_schema == by_check, verdict)
    for p in examples:
        expect(p.name, check[str(p)], "an example is refused")
    expect("KNOWN", set(KNOWN) <= set(files.values()),
           f"no such case: {sorted(set(KNOWN) - set(files.values()))}")
    expect("fixtures", len(files) >= 100, f"only {len(files)}")

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
