#!/usr/bin/env python3
"""Big hostile playlists, made on demand: what a document from someone else's server can ask of
a screen. Used by bench/documents.sh (figures) and tests/documents_test.py (a generous bound).

    python3 tests/hostile_documents.py DIR     writes DIR/NAME.json for every document below
"""
import json
import sys


def _doc(zone_items, **more):
    p = {"version": 1, "canvas": {"width": 1280, "height": 720},
         "zones": [{"id": "main", "x": 0, "y": 0, "w": 1280, "h": 720, "items": zone_items}]}
    p.update(more)
    return p


_TEXT = [{"type": "text", "text": "Bảng tin"}]


def _overrides(n):
    return [{"id": "o%d" % i, "priority": 1, "zones": ["main"], "items": _TEXT} for i in range(n)]


def documents():
    """(name, playlist) for each hostile document, the biggest just under the 64 MiB limit."""
    yield "overrides-40k", _doc(_TEXT, overrides=_overrides(40000))
    sample = dict(_overrides(1)[0], id="o9999999")
    one = len(json.dumps(sample, ensure_ascii=False, separators=(",", ":")).encode()) + 1
    yield "overrides-64MiB", _doc(_TEXT, overrides=_overrides((64 * 1024 * 1024 - 200) // one))
    marks = "a" + "\u0301" * 10000
    yield "marks-slide", _doc([{"type": "text", "text": marks}])
    yield "marks-ticker", _doc([{"type": "ticker", "text": marks, "speed": 120}])
    clock = {"type": "clock", "format": "{HH}:{MM}"}
    n = (61 * 1000 * 1000) // (len(json.dumps(clock, separators=(",", ":"))) + 1)
    yield "clocks-61MB", _doc([clock] * n)
    yield "text-60MB", _doc([{"type": "text", "text": "Bảng tin " * (60 * 1000 * 1000 // 12)}])
    long_text = ("Bảng tin phường " * 700)[:9990]   # under the 10,000 characters a text may hold
    yield "texts-1000x10k", _doc([{"type": "text", "text": long_text}] * 1000)
    yield "brightness-1M", _doc(_TEXT, brightness=[{"hours": "18:00-06:00", "percent": 40}] * 1000000)


def write_all(folder):
    names = []
    for name, p in documents():
        with open(f"{folder}/{name}.json", "w", encoding="utf-8") as f:
            json.dump(p, f, ensure_ascii=False, separators=(",", ":"))
        names.append(name)
    return names


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    write_all(sys.argv[1])
