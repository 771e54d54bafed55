#!/usr/bin/env python3
"""The fleet page (packaging/fleet/) and the reports' rules (packaging/nginx-bangtin.conf): a real
nginx runs the shipped site (its paths and port replaced), headless Chromium opens the page as
the staff, and the checks read its DOM and the pixels of its screenshot.

1. Reports written by hand: the rows, a late one red, what a report says shown as text, the
   CSV of plays (quoting, a formula guarded, a broken line skipped), English and the filter.
2. The rules: a screen PUTs into its own folder only, nobody deletes, the staff read.
3. Three real players report every 2 s; one is stopped and its row, alone, turns red.

    python3 tests/fleet_test.py SOURCE_DIR BANGTIN
"""
import base64
import csv
import html.parser
import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

WIDTH, HEIGHT = 1200, 800
POLL = 2    # the players' poll_interval: late after 2 × 2 + 5 s
SCREENS = {"phuong-1": "pw1", "phuong-2": "pw2", "phuong-3": "pw3"}
STAFF = ("staff", "staff-pw")
PLAYLIST = {"version": 1, "revision": "r1", "timezone": "Asia/Ho_Chi_Minh",
            "canvas": {"width": 320, "height": 180},
            "zones": [{"id": "z", "x": 0, "y": 0, "w": 320, "h": 180, "background": "#1E7B34",
                       "items": [{"type": "text", "id": "bang-tin", "text": "Bảng tin",
                                  "duration": 2},
                                 {"type": "text", "id": "lich", "text": "Lịch tiếp dân",
                                  "duration": 3}]}]}
failures = 0


def check(ok, what, saw=""):
    """Print one check's verdict and, when it fails, what it saw."""
    global failures
    print(f"{'ok  ' if ok else 'FAIL'} {what}")
    if not ok:
        failures += 1
        if saw:
            print("    saw: " + str(saw)[-1500:].replace("\n", "\n    "))
    return ok


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.05)
    return False


def htpasswd(path, users):
    with open(path, "w") as f:
        for name, pw in users.items():
            hashed = subprocess.run(["openssl", "passwd", "-apr1", pw], check=True,
                                    capture_output=True, text=True).stdout.strip()
            f.write(f"{name}:{hashed}\n")


def site_config(source, tmp, port):
    """The shipped site with this test's port and folders: each path must be found in it."""
    text = open(f"{source}/packaging/nginx-bangtin.conf").read()
    for old, new in (("listen 80;", f"listen 127.0.0.1:{port};"),
                     ("/srv/bangtin", f"{tmp}/www"),
                     ("/etc/nginx/bangtin-screens.htpasswd", f"{tmp}/screens.htpasswd"),
                     ("/etc/nginx/bangtin-staff.htpasswd", f"{tmp}/staff.htpasswd"),
                     ("/usr/share/bangtin/fleet/", f"{source}/packaging/fleet/")):
        if old not in text:
            sys.exit(f"packaging/nginx-bangtin.conf no longer says {old!r}: the test cannot use it")
        text = text.replace(old, new)
    return text


def start_nginx(source, tmp, port):
    os.makedirs(f"{tmp}/www/reports")
    os.makedirs(f"{tmp}/nginx-tmp")
    htpasswd(f"{tmp}/screens.htpasswd", SCREENS)
    htpasswd(f"{tmp}/staff.htpasswd", dict([STAFF]))
    with open(f"{tmp}/site.conf", "w") as f:
        f.write(site_config(source, tmp, port))
    # One process, this user's: it writes the reports as the test reads them.
    with open(f"{tmp}/nginx.conf", "w") as f:
        f.write(f"""daemon off; master_process off; worker_processes 1;
pid {tmp}/nginx.pid; error_log {tmp}/error.log;
events {{ worker_connections 64; }}
http {{
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log {tmp}/access.log;
  client_body_temp_path {tmp}/nginx-tmp; proxy_temp_path {tmp}/nginx-tmp;
  fastcgi_temp_path {tmp}/nginx-tmp; uwsgi_temp_path {tmp}/nginx-tmp;
  scgi_temp_path {tmp}/nginx-tmp;
  include {tmp}/site.conf;
}}
""")
    env = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}
    proc = subprocess.Popen(["/usr/sbin/nginx", "-c", f"{tmp}/nginx.conf", "-p", tmp], env=env)
    if not wait_port(port, 10):
        proc.kill()
        sys.exit("nginx did not start: " + open(f"{tmp}/error.log").read())
    return proc


def request(port, method, path, login=None, body=None, headers=None):
    """(HTTP status, body) of one request; login is (user, password) or None."""
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body, method=method,
                                 headers=headers or {})
    if login:
        token = base64.b64encode(f"{login[0]}:{login[1]}".encode()).decode()
        req.add_header("Authorization", "Basic " + token)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


class Dom(html.parser.HTMLParser):
    """What the checks read of the page: the rows (data-screen, class, data-rect, the cells'
    text), the text of each element with an id, and the images' sources."""
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
            "track", "wbr"}

    def __init__(self, text):
        super().__init__()
        self.rows, self.ids, self.images, self.stack = [], {}, [], []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "img":
            self.images.append(a.get("src", ""))
        if tag in self.VOID:
            return
        self.stack.append((tag, a, []))
        if tag == "tr" and "data-screen" in a:
            self.rows.append({"screen": a["data-screen"], "class": (a.get("class") or "").split(),
                              "state": a.get("data-state"), "rect": a.get("data-rect"),
                              "cells": []})

    def handle_data(self, data):
        for _, _, text in self.stack:
            text.append(data)

    def handle_endtag(self, tag):
        while self.stack:
            t, a, text = self.stack.pop()
            joined = "".join(text)
            if t == "td" and self.rows and any(s[0] == "tr" and "data-screen" in s[1]
                                               for s in self.stack):
                self.rows[-1]["cells"].append(joined.strip())
            if "id" in a:
                self.ids[a["id"]] = joined
            if t == tag:
                break

    def row(self, screen):
        return next((r for r in self.rows if r["screen"] == screen), None)


def open_page(tmp, port, query, hash_, tag):
    """The page as the staff see it after 5 s of virtual time: (Dom, RGB pixels or None)."""
    url = f"http://{STAFF[0]}:{STAFF[1]}@127.0.0.1:{port}/fleet/{query}#rects{hash_}"
    shot = f"{tmp}/{tag}.png"
    argv = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            "--virtual-time-budget=5000", f"--window-size={WIDTH},{HEIGHT}",
            f"--user-data-dir={tmp}/chromium-{tag}", f"--screenshot={shot}", "--dump-dom", url]
    env = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}
    env["TZ"] = "Asia/Ho_Chi_Minh"
    with open(f"{tmp}/{tag}.log", "w") as log:
        p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=log, env=env,
                             start_new_session=True)
        try:
            out, _ = p.communicate(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            out, _ = p.communicate()
    dom = Dom(out.decode("utf-8", "replace"))
    pixels = None
    if os.environ.get("BANGTIN_FLEET_SHOTS"):   # to look at: BANGTIN_FLEET_SHOTS=DIR
        shutil.copy(shot, os.environ["BANGTIN_FLEET_SHOTS"])
    if os.path.exists(shot):
        raw = subprocess.run(["ffmpeg", "-v", "error", "-i", shot, "-f", "rawvideo", "-pix_fmt",
                              "rgb24", "-"], capture_output=True).stdout
        if len(raw) == WIDTH * HEIGHT * 3:
            pixels = raw
    if not dom.rows and not dom.ids:
        print(f"    chromium said: {open(f'{tmp}/{tag}.log').read()[-1500:]}")
    return dom, pixels


def red(pixels, top, bottom):
    """How many clearly red pixels lie between the lines top and bottom."""
    n = 0
    for y in range(max(top, 0), min(bottom, HEIGHT)):
        line = pixels[y * WIDTH * 3:(y + 1) * WIDTH * 3]
        for i in range(0, len(line), 3):
            r, g, b = line[i], line[i + 1], line[i + 2]
            if r > 200 and g < 150 and b < 150 and r - g > 80:
                n += 1
    return n


def check_red_rows(dom, pixels, late, what):
    """The rows in late are red on the screenshot, across most of their area; no other pixel
    of the page is."""
    if not check(pixels is not None, f"{what}: a {WIDTH}x{HEIGHT} screenshot"):
        return
    bands, inside, total = [], 0, red(pixels, 0, HEIGHT)
    for r in dom.rows:
        top, bottom = (int(v) for v in (r["rect"] or "0,0").split(","))
        n = red(pixels, top + 2, bottom - 2)
        area = WIDTH * max(bottom - top - 4, 1)
        bands.append(f"{r['screen']} y {top}-{bottom}: {n} red ({100 * n // area}%)")
        if r["screen"] in late:
            inside += red(pixels, top - 2, bottom + 2)
            check(n > area * 0.5, f"{what}: {r['screen']}'s row is red", bands[-1])
        else:
            check(n < 50, f"{what}: {r['screen']}'s row is not red", bands[-1])
    check(total - inside < 50, f"{what}: nothing else on the page is red",
          f"{total - inside} red pixels outside the late rows; " + "; ".join(bands))


def write_json(path, doc):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(doc, f, ensure_ascii=False)


def status(screen, age, **more):
    doc = {"screen_id": screen, "version": "0.9.0", "reported_at": int(time.time()) - age,
           "uptime_s": 3600, "poll_interval_s": 300, "revision": "2026-12-06 tuần 49",
           "pending_revision": "", "problem": "", "cache_bytes": 123456,
           "clock": {"trusted": True}, "display_on": True, "ips": "192.168.1.20 fe80::1",
           "temperature_c": 47.2, "frames_dropped": 0, "plays_today": 123,
           "today": time.strftime("%Y-%m-%d", time.gmtime(time.time() + 7 * 3600)),
           "screenshot_at": None}
    doc.update(more)
    return doc


def by_hand(tmp, port):
    reports = f"{tmp}/www/reports"
    write_json(f"{reports}/phu-luong-07/status.json",
               status("phu-luong-07", 0, pending_revision="2026-12-07 tuần 50",
                      screenshot_at=int(time.time())))
    write_json(f"{reports}/ha-cau-02/status.json",
               status("ha-cau-02", 20 * 60, version="0.8.1", plays_today=7,
                      problem='<img src="x" onerror="document.title=1"> không tải được tệp'))
    write_json(f"{reports}/van-phuc-01/status.json",
               {"screen_id": "van-phuc-01", "version": "0.9.1", "reported_at": int(time.time())})
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "color=c=blue:s=48x27",
                    "-frames:v", "1", f"{reports}/phu-luong-07/screen.jpg"], check=True)
    plays = [{"zone": "main", "item": 0, "id": "chào-mừng", "src": "objects/ab12",
              "sha256": "ab12", "start": "2026-12-06T08:00:00+07:00",
              "end": "2026-12-06T08:00:10+07:00", "duration_s": 10.0,
              "revision": 'tuần 49, "mới"', "cut_short": False},
             {"zone": "ticker", "item": 1, "id": "=cmd|' /C calc'!A0", "src": "objects/cd34",
              "sha256": "", "start": "2026-12-06T08:00:10+07:00",
              "end": "2026-12-06T08:00:15+07:00", "duration_s": 5.5, "revision": "r",
              "cut_short": True}]
    os.makedirs(f"{reports}/phu-luong-07/plays")
    with open(f"{reports}/phu-luong-07/plays/2026-12-06.jsonl", "w") as f:
        f.write("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in plays))
        f.write('{"zone":"main","item":2,"id":"cắt đi')   # a power cut, mid-line
    # A day before the range.
    write_json(f"{reports}/ha-cau-02/plays/2026-11-30.jsonl", plays[0])

    dom, pixels = open_page(tmp, port, "", "&csv=2026-12-01..2026-12-06", "by-hand")
    ids = sorted(r["screen"] for r in dom.rows)
    check(ids == ["ha-cau-02", "phu-luong-07", "van-phuc-01"], "three rows, by name", ids)
    summary = dom.ids.get("summary", "")
    check(summary == "3 màn hình, 1 mất liên lạc", "the summary", summary)
    for screen, late, cells in (
            ("phu-luong-07", False, ["0.9.0", "2026-12-06 tuần 49chờ: 2026-12-07 tuần 50", "123",
                                     "47,2 °C", "Bình thường"]),
            ("ha-cau-02", True, ["0.8.1", "7", "20 phút trước", "Mất liên lạc",
                                 '<img src="x" onerror="document.title=1"> không tải được tệp']),
            ("van-phuc-01", False, ["0.9.1", "—"])):
        r = dom.row(screen) or {"class": [], "cells": []}
        check(("late" in r["class"]) == late and all(c in r["cells"] for c in cells),
              f"{screen}: {'late' if late else 'not late'}, shows {cells}", r)
    shots = [s for s in dom.images if "screen.jpg" in s]
    check(len(shots) == 1 and "/reports/phu-luong-07/screen.jpg?t=" in shots[0] and
          "x" not in dom.images, "one thumbnail, and the problem's <img> is only text", dom.images)
    check_red_rows(dom, pixels, {"ha-cau-02"}, "by hand")

    text = dom.ids.get("csv", "")
    check(text.startswith("\ufeff"), "the CSV starts with a BOM (Excel reads it as UTF-8)",
          repr(text[:40]))
    check(text.count("\r\n") == 3, "the CSV's lines end with CRLF", repr(text))
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    want = [["screen_id", "date", "zone", "item", "id", "src", "sha256", "start", "end",
             "duration_s", "revision", "cut_short"],
            ["phu-luong-07", "2026-12-06", "main", "0", "chào-mừng", "objects/ab12", "ab12",
             "2026-12-06T08:00:00+07:00", "2026-12-06T08:00:10+07:00", "10", 'tuần 49, "mới"',
             "false"],
            ["phu-luong-07", "2026-12-06", "ticker", "1", "'=cmd|' /C calc'!A0", "objects/cd34",
             "", "2026-12-06T08:00:10+07:00", "2026-12-06T08:00:15+07:00", "5.5", "r", "true"]]
    check(rows == want, "the CSV: header, 2 plays (Vietnamese intact, the formula guarded), the "
          "broken line and the day before the range left out", rows)
    said = dom.ids.get("csv-status", "")
    check("2 lượt phát của 3 màn hình trong 6 ngày" in said and "bỏ qua 1 dòng hỏng" in said,
          "the CSV's note", said)

    # Fresh again; a report that does not parse; a name that needs encoding in a URL; the bound
    # of two polls and 5 s (the page's clock runs on by 5 s of virtual time).
    write_json(f"{reports}/ha-cau-02/status.json", status("ha-cau-02", 0, version="0.8.1"))
    write_json(f"{reports}/sat-gio/status.json", status("sat-gio", 2 * 300 - 10))
    write_json(f"{reports}/qua-gio/status.json", status("qua-gio", 2 * 300 + 5 + 20))
    os.makedirs(f"{reports}/hong-04")
    with open(f"{reports}/hong-04/status.json", "w") as f:
        f.write('{"screen_id": "hong-04", "vers')
    write_json(f"{reports}/ngõ 5#a?b/status.json", status("ngõ 5#a?b", 0, version="0.7.0"))
    dom, pixels = open_page(tmp, port, "", "", "fresh")
    r = dom.row("hong-04") or {}
    check(r.get("class") == ["unknown"] and "Báo cáo hỏng" in r.get("cells", []),
          "an unreadable report: its own pale colour and words", r)
    r = dom.row("ngõ 5#a?b") or {}
    check("0.7.0" in r.get("cells", []), "a name with a space, # and ? is read", r)
    late = [r["screen"] for r in dom.rows if "late" in r["class"]]
    check(late == ["qua-gio"], "late after two polls and 5 s, not before", dom.rows)
    check_red_rows(dom, pixels, {"qua-gio"}, "fresh again")

    dom, _ = open_page(tmp, port, "?lang=en&filter=L%C6%AF%C6%A0NG", "", "english")
    ids = [r["screen"] for r in dom.rows]
    summary = dom.ids.get("summary", "")
    check(ids == ["phu-luong-07"] and summary == "1 screen, 0 not heard from (filtered by “LƯƠNG”)"
          and "OK" in dom.rows[0]["cells"], "English, filtered", (ids, summary))
    shutil.rmtree(reports)
    os.makedirs(reports)


def rules(tmp, port):
    """Who may do what in /reports/ and /fleet/."""
    one, two = ("phuong-1", SCREENS["phuong-1"]), ("phuong-2", SCREENS["phuong-2"])
    body = b'{"screen_id": "phuong-1"}'
    for method, path, login, want, what in (
            ("PUT", "/reports/phuong-1/status.json", one, (201,), "a screen writes its status"),
            ("PUT", "/reports/phuong-1/status.json", one, (204,), "and again"),
            ("PUT", "/reports/phuong-1/screen.jpg", one, (201,), "its screenshot"),
            ("PUT", "/reports/phuong-1/plays/2026-12-06.jsonl", one, (201,), "its plays"),
            ("PUT", "/reports/phuong-2/status.json", one, (403,), "not another's status"),
            ("PUT", "/reports/phuong-1/..%2Fphuong-2/status.json", one, (403,),
             "nor through ..%2F"),
            ("PUT", "/reports/phuong-1/index.html", one, (403,), "nor a page in its folder"),
            ("PUT", "/reports/phuong-1.json", one, (403,), "nor beside the folders"),
            ("PUT", "/reports/phuong-2/status.json", ("phuong-2", "wrong"), (401,),
             "a wrong password"),
            ("PUT", "/reports/phuong-1/status.json", None, (401,), "no login"),
            ("PUT", "/reports/staff/status.json", STAFF, (401,), "the staff do not write"),
            ("DELETE", "/reports/phuong-1/status.json", one, (403, 405), "a screen deletes nothing"),
            ("DELETE", "/reports/phuong-1/status.json", STAFF, (403, 405), "nor do the staff"),
            ("MKCOL", "/reports/phuong-1/plays/x/", one, (403, 405), "no MKCOL"),
            ("MOVE", "/reports/phuong-1/status.json", one, (403, 405), "no MOVE"),
            ("GET", "/reports/", None, (401,), "no login, no listing"),
            ("GET", "/reports/", one, (401, 403), "a screen's login reads no listing"),
            ("GET", "/reports/phuong-1/status.json", two, (401, 403), "nor a report"),
            ("GET", "/reports/phuong-1/status.json", STAFF, (200,), "the staff read a report"),
            ("GET", "/fleet/", None, (401,), "the page asks for a login"),
            ("GET", "/fleet/", one, (401, 403), "a screen's login does not open it"),
            ("GET", "/fleet/", STAFF, (200,), "the staff's does")):
        headers = {"Destination": f"http://127.0.0.1:{port}/reports/phuong-1/x.json"}
        got, _ = request(port, method, path, login, body if method == "PUT" else None,
                         headers if method == "MOVE" else None)
        check(got in want, f"{method} {path} as {login[0] if login else 'nobody'}: "
              f"{'/'.join(map(str, want))} ({what})", f"HTTP {got}")
    got, listing = request(port, "GET", "/reports/", STAFF)
    try:
        names = [(e["name"], e["type"]) for e in json.loads(listing)]
    except ValueError:
        names = listing
    check(got == 200 and names == [("phuong-1", "directory")],
          "the staff list the folders as JSON, and only phuong-1's exists", (got, names))
    check(os.path.exists(f"{tmp}/www/reports/phuong-1/status.json"), "the status was not deleted")
    shutil.rmtree(f"{tmp}/www/reports")
    os.makedirs(f"{tmp}/www/reports")


def players(tmp, port, bangtin, procs):
    write_json(f"{tmp}/www/ward/playlist.json", PLAYLIST)
    env = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}
    env.update(SDL_VIDEODRIVER="offscreen", SDL_AUDIODRIVER="dummy")   # on the real clock
    for name, pw in SCREENS.items():
        with open(f"{tmp}/netrc-{name}", "w") as f:
            f.write(f"machine 127.0.0.1 login {name} password {pw}\n")
        argv = [bangtin, "--config", "/dev/null", "--set", f"cache_dir={tmp}/cache-{name}",
                "--set", f"netrc_file={tmp}/netrc-{name}", "--set", f"screen_id={name}",
                "--set", f"report_url=http://127.0.0.1:{port}/reports/", "--set",
                f"poll_interval={POLL}", "--set", "language=en", "--renderer", "software",
                "--window", "320x180", "--fps", "10", f"http://127.0.0.1:{port}/ward/playlist.json"]
        log = open(f"{tmp}/{name}.log", "w")
        procs[name] = subprocess.Popen(argv, stdout=log, stderr=log, env=env)
    files = {n: f"{tmp}/www/reports/{n}/status.json" for n in SCREENS}
    end = time.monotonic() + 30
    while time.monotonic() < end and not all(os.path.exists(f) for f in files.values()):
        time.sleep(0.2)
    missing = [n for n, f in files.items() if not os.path.exists(f)]
    if not check(not missing, "three players have reported within 30 s",
                 "; ".join(f"{n}: {open(f'{tmp}/{n}.log').read()[-500:]}" for n in missing)):
        return
    version = subprocess.run([bangtin, "--version"], capture_output=True, text=True,
                             env=env).stdout.split()[-1]

    dom, pixels = open_page(tmp, port, "?lang=en", "", "players")
    ids = sorted(r["screen"] for r in dom.rows)
    check(ids == sorted(SCREENS) and all(version in r["cells"] and "late" not in r["class"]
                                         for r in dom.rows),
          f"three players' rows, version {version}, none late", dom.rows)
    check_red_rows(dom, pixels, set(), "three players")

    # Their pictures and their plays, as the players sent them: today's day files (the screens'
    # local date) in the page's CSV, line for line.
    def sent(name):
        try:
            with open(files[name]) as f:
                status = json.load(f)
        except (OSError, ValueError):
            return None
        # The page shows a thumbnail once a report says when the picture was sent.
        today = status.get("today") if status.get("screenshot_at") else None
        day = f"{tmp}/www/reports/{name}/plays/{today}.jsonl"
        shot = f"{tmp}/www/reports/{name}/screen.jpg"
        return (today, day) if today and os.path.exists(day) and os.path.exists(shot) else None
    end = time.monotonic() + 20
    while time.monotonic() < end and not all(sent(n) for n in SCREENS):
        time.sleep(0.2)
    days = {n: sent(n) for n in SCREENS}
    if check(all(days.values()), "three players have sent a picture and today's plays", days):
        today = days["phuong-1"][0]
        lines = {}
        for n, (_, day) in days.items():
            with open(day, encoding="utf-8") as f:
                lines[n] = [json.loads(line) for line in f]
        dom, _ = open_page(tmp, port, "?lang=en", f"&csv={today}..{today}", "players-csv")
        rows = list(csv.reader(io.StringIO(dom.ids.get("csv", "").lstrip("\ufeff"),
                                           newline="")))[1:]
        got = {n: [(r[2], r[4], r[7]) for r in rows if r[0] == n] for n in SCREENS}
        want = {n: [(p["zone"], p["id"], p["start"]) for p in lines[n]] for n in SCREENS}
        check(got == want and all(want.values()),
              "the CSV has every play each player sent today, in order", (got, want))
        shots = sorted(s for s in dom.images if "screen.jpg" in s)
        check(len(shots) == 3, "three thumbnails", dom.images)

    procs["phuong-2"].send_signal(signal.SIGTERM)
    procs["phuong-2"].wait(timeout=10)
    time.sleep(2 * POLL + 6)
    dom, pixels = open_page(tmp, port, "?lang=en", "", "one-stopped")
    late = sorted(r["screen"] for r in dom.rows if "late" in r["class"])
    check(late == ["phuong-2"] and len(dom.rows) == 3, "stopped, phuong-2 alone is late",
          dom.rows)
    summary = dom.ids.get("summary", "")
    check(summary == "3 screens, 1 not heard from", "the summary", summary)
    check_red_rows(dom, pixels, {"phuong-2"}, "one stopped")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    source, bangtin = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    if not shutil.which("chromium"):
        sys.exit("FAIL: chromium is missing (apt-get install chromium): the page is not tested")
    start = time.monotonic()
    procs = {}
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        nginx = start_nginx(source, tmp, port)
        try:
            by_hand(tmp, port)
            rules(tmp, port)
            players(tmp, port, bangtin, procs)
        finally:
            for p in procs.values():
                if p.poll() is None:
                    p.terminate()
            for p in procs.values():
                try:
                    p.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    p.kill()
            nginx.terminate()
            nginx.wait(timeout=10)
        if failures:
            print("nginx's error log:\n" + open(f"{tmp}/error.log").read()[-2000:])
    print(f"{time.monotonic() - start:.1f} s")
    if failures:
        sys.exit(f"{failures} checks failed")


if __name__ == "__main__":
    main()
