#!/usr/bin/python3
"""playlists/schema.json is the same contract as the parser: every example validates, and
files the parser rejects are rejected by the schema too."""
import json
import pathlib
import sys

import jsonschema

root = pathlib.Path(sys.argv[1])
schema = json.loads((root / "playlists" / "schema.json").read_text(encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
passed = failed = 0


def expect(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAILED: {name} {detail}")


for path in sorted((root / "playlists").glob("*.json")):
    if path.name == "schema.json":
        continue
    errors = list(validator.iter_errors(json.loads(path.read_text(encoding="utf-8"))))
    expect(path.name, not errors, "; ".join(e.message for e in errors[:3]))

base = {"version": 1, "canvas": {"width": 1920, "height": 1080},
        "zones": [{"id": "main", "x": 0, "y": 0, "w": 1920, "h": 1080, "items": []}]}
bad_items = {
    "unknown type": {"type": "slideshow"},
    "duration 0": {"type": "text", "text": "a", "duration": 0},
    "ticker passes and duration": {"type": "ticker", "text": "a", "passes": 2, "duration": 3},
    "hour 25": {"type": "text", "text": "a", "schedule": {"hours": ["13:30-25:00"]}},
    "day/month/year": {"type": "text", "text": "a", "schedule": {"from": "10/12/2025"}},
    "bad day": {"type": "text", "text": "a", "schedule": {"days": ["monday"]}},
    "three-digit colour": {"type": "text", "text": "a", "color": "#FFF"},
    "unknown field": {"type": "text", "text": "a", "colour": "#FFFFFF"},
}
for name, item in bad_items.items():
    doc = json.loads(json.dumps(base))
    doc["zones"][0]["items"].append(item)
    expect(name, not validator.is_valid(doc), "was accepted")
expect("version 2", not validator.is_valid(dict(base, version=2)), "was accepted")

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
