#!/usr/bin/env python3
"""Includes go only downward: every file in player/DIR includes only the folders that
player/DIR/README.md lists under "May include:". The top (main.c, app.c) may include all."""
import pathlib
import re
import sys

player = pathlib.Path(sys.argv[1]) / "player"
folders = sorted(p.name for p in player.iterdir() if p.is_dir())
problems = []
for folder in folders:
    readme = player / folder / "README.md"
    if not readme.exists():
        problems.append(f"player/{folder}/README.md is missing")
        continue
    m = re.search(r"^May include: (.*)$", readme.read_text(), re.M)
    if not m:
        problems.append(f"player/{folder}/README.md: no 'May include:' line")
        continue
    allowed = {w.strip() for w in m.group(1).split(",")}
    for src in sorted((player / folder).glob("*.[ch]")):
        for n, line in enumerate(src.read_text().splitlines(), 1):
            inc = re.match(r'\s*#\s*include\s+"([^"]+)"', line)
            if not inc:
                continue
            target = inc.group(1)
            top = target.split("/")[0] if "/" in target else None
            if top is None or top not in allowed:
                problems.append(f"{src.relative_to(player.parent)}:{n}: includes \"{target}\", "
                                f"outside {folder}'s layers ({', '.join(sorted(allowed))})")
for src in sorted(player.glob("*.[ch]")):
    for n, line in enumerate(src.read_text().splitlines(), 1):
        inc = re.match(r'\s*#\s*include\s+"([^"]+)"', line)
        if inc and "/" not in inc.group(1) and not (player / inc.group(1)).exists():
            problems.append(f"{src.relative_to(player.parent)}:{n}: \"{inc.group(1)}\" names no folder")
for p in problems:
    print(p)
print(f"{len(folders)} folders checked, {len(problems)} problems")
sys.exit(1 if problems else 0)
