// The fleet page: one row a screen, from the reports the screens PUT to a WebDAV folder
// (nginx's autoindex_format json lists it), and their plays as CSV for a range of days.
//
// Everything a report says is data: it reaches the page through textContent and attributes
// only, and a screen's name is encodeURIComponent'd in every URL.
//
// The URL: ?reports=URL (the folder; default ../reports/ from the page), ?filter=TEXT,
// ?lang=en. For tests: #csv=YYYY-MM-DD..YYYY-MM-DD builds that CSV at once and shows it in
// <pre id="csv">; #rects writes each row's place on the page into data-rect ("top,bottom").
"use strict";

(function () {
    var REFRESH_MS = 15000;
    var SLACK_S = 5;             // a report a little late is not yet "not heard from"
    var DEFAULT_POLL_S = 300;    // the player's default poll_interval
    var MAX_DAYS = 366;
    var PARALLEL = 4;            // files read at once for the CSV
    var CSV_COLUMNS = ["screen_id", "date", "zone", "item", "id", "src", "sha256", "start", "end",
        "duration_s", "revision", "cut_short"];

    var query = new URLSearchParams(location.search);
    var hash = new URLSearchParams(location.hash.replace(/^#/, ""));
    var lang = query.get("lang") === "en" ? "en" : "vi";
    var filter = query.get("filter") || "";
    var base = reportsBase(query.get("reports") || "../reports/");
    var screens = [];            // the last refresh: [{name, status, problem}]
    var listError = "";
    var updatedAt = null;
    var busy = false;

    function $(id) {
        return document.getElementById(id);
    }

    // The folder's URL, absolute, with a slash at its end and without the page's user name
    // and password (fetch refuses a URL that has them; the browser sends the login anyway).
    function reportsBase(text) {
        var u = new URL(text, location.href);
        u.username = "";
        u.password = "";
        u.search = "";
        u.hash = "";
        if (!/\/$/.test(u.pathname))
            u.pathname += "/";
        return u.href;
    }

    function fileUrl(name, rest) {
        return base + encodeURIComponent(name) + "/" + rest;
    }

    // A string of the page's language, {name} filled from vars.
    function t(key, vars) {
        var s = BT_STRINGS[lang][key];
        return s.replace(/\{(\w+)\}/g, function (all, k) {
            return vars && k in vars ? String(vars[k]) : all;
        });
    }

    function el(tag, className, text) {
        var e = document.createElement(tag);
        if (className)
            e.className = className;
        if (text !== undefined)
            e.textContent = text;
        return e;
    }

    function locale() {
        return lang === "vi" ? "vi-VN" : "en-GB";
    }

    function isNumber(v) {
        return typeof v === "number" && isFinite(v);
    }

    function isText(v) {
        return typeof v === "string" && v !== "";
    }

    // Lower case, without accents: "Phú Lương" is found by "phu luong".
    function folded(s) {
        return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d")
            .toLowerCase();
    }

    function shown() {
        var f = folded(filter.trim());
        return screens.filter(function (s) {
            return !f || folded(s.name).indexOf(f) >= 0;
        });
    }

    function ago(seconds) {
        if (seconds < 5)
            return t("just_now");
        if (seconds < 60)
            return t("secs_ago", {n: Math.floor(seconds)});
        if (seconds < 3600)
            return t("mins_ago", {n: Math.floor(seconds / 60)});
        if (seconds < 86400)
            return t("hours_ago", {n: Math.floor(seconds / 3600)});
        return t("days_ago", {n: Math.floor(seconds / 86400)});
    }

    function localDate(d) {
        function two(n) {
            return (n < 10 ? "0" : "") + n;
        }
        return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
    }

    // What a screen's row says of it: "ok", "late", "dark", "problem", "missing" or
    // "unreadable". A report older than two polls (and a little) is late.
    function stateOf(s, now) {
        if (!s.status)
            return s.problem === 404 ? "missing" : "unreadable";
        var st = s.status;
        var poll = isNumber(st.poll_interval_s) && st.poll_interval_s > 0 ? st.poll_interval_s
            : DEFAULT_POLL_S;
        if (!isNumber(st.reported_at) || now - st.reported_at > 2 * poll + SLACK_S)
            return "late";
        if (st.display_on === false)
            return "dark";
        if (isText(st.problem))
            return "problem";
        return "ok";
    }

    // The cell's text, or "—" where the report does not say.
    function text(v) {
        if (isText(v))
            return v;
        if (isNumber(v))
            return String(v);
        return "—";
    }

    async function readStatus(name) {
        var s = {name: name, status: null, problem: 0};
        try {
            var r = await fetch(fileUrl(name, "status.json"), {cache: "no-store"});
            if (!r.ok) {
                s.problem = r.status;
                return s;
            }
            var j = JSON.parse(await r.text());
            if (j && typeof j === "object" && !Array.isArray(j))
                s.status = j;
            else
                s.problem = -1;
        } catch (e) {
            s.problem = -1;
        }
        return s;
    }

    // The screens' folders: the names of the listing's directories.
    async function listScreens() {
        var r = await fetch(base, {cache: "no-store"});
        if (!r.ok)
            throw new Error("HTTP " + r.status);
        var list = JSON.parse(await r.text());
        if (!Array.isArray(list))
            throw new Error("not a listing");
        return list.filter(function (e) {
            return e && e.type === "directory" && isText(e.name);
        }).map(function (e) {
            return e.name;
        }).sort(function (a, b) {
            return a.localeCompare(b);
        });
    }

    async function refresh() {
        if (busy)
            return;
        busy = true;
        try {
            var names = await listScreens();
            screens = await Promise.all(names.map(readStatus));
            listError = "";
        } catch (e) {
            listError = t("list_failed", {url: base,
                why: e instanceof TypeError ? t("no_connection") : e.message});
        }
        updatedAt = new Date();
        busy = false;
        render();
    }

    function thumbnail(s) {
        var st = s.status;
        if (!st || !isNumber(st.screenshot_at))
            return document.createTextNode("—");
        var a = el("a");
        a.href = fileUrl(s.name, "screen.jpg?t=" + encodeURIComponent(st.screenshot_at));
        var img = el("img", "shot");
        img.src = a.href;
        img.width = 160;
        img.height = 90;
        img.alt = t("shot_alt", {screen: s.name});
        img.title = new Date(st.screenshot_at * 1000).toLocaleString(locale());
        img.addEventListener("error", function () {
            a.replaceWith(document.createTextNode("—"));
            markRects();
        });
        img.addEventListener("load", markRects);
        a.appendChild(img);
        return a;
    }

    function row(s, now) {
        var st = s.status || {};
        var state = stateOf(s, now);
        var tr = el("tr", state === "late" ? "late" : state === "missing" ||
            state === "unreadable" ? "unknown" : "");
        tr.dataset.screen = s.name;
        tr.dataset.state = state;
        tr.appendChild(el("td", "id", s.name));

        var seen = el("td", "seen", isNumber(st.reported_at) ? ago(now - st.reported_at) : "—");
        if (isNumber(st.reported_at))
            seen.title = t("reported_at",
                {time: new Date(st.reported_at * 1000).toLocaleString(locale())});
        tr.appendChild(seen);
        tr.appendChild(el("td", "state", t("state_" + state)));
        tr.appendChild(el("td", "version", text(st.version)));

        var rev = el("td", "revision", text(st.revision));
        if (isText(st.pending_revision))
            rev.appendChild(el("span", "small", t("pending", {revision: st.pending_revision})));
        tr.appendChild(rev);
        tr.appendChild(el("td", "problem", text(st.problem)));

        var shot = el("td", "shot");
        shot.appendChild(thumbnail(s));
        tr.appendChild(shot);

        var plays = el("td", "num plays", text(st.plays_today));
        if (isNumber(st.plays_today) && isText(st.today) && st.today !== localDate(new Date()))
            plays.appendChild(el("span", "small", t("plays_on", {date: st.today})));
        tr.appendChild(plays);

        var temp = isNumber(st.temperature_c) ? new Intl.NumberFormat(locale(),
            {maximumFractionDigits: 1}).format(st.temperature_c) + " °C" : "—";
        tr.appendChild(el("td", "num temp", temp));
        // "192.0.2.2 (eth0), fd00::2 (eth0)" or "192.168.1.20 fe80::1": one address a line.
        var ips = isText(st.ips) ? st.ips.trim().split(st.ips.indexOf(",") >= 0 ? /,\s*/ : /\s+/)
            : [];
        tr.appendChild(el("td", "ips", ips.length ? ips.join("\n") : "—"));
        return tr;
    }

    function render() {
        var now = Date.now() / 1000;
        var list = shown();
        var body = el("tbody");
        body.id = "rows";
        var late = 0, unknown = 0;
        list.forEach(function (s) {
            var tr = row(s, now);
            if (tr.classList.contains("late"))
                late++;
            if (tr.classList.contains("unknown"))
                unknown++;
            body.appendChild(tr);
        });
        if (!list.length && !listError) {
            var tr = el("tr");
            var td = el("td", "", t("none"));
            td.colSpan = 10;
            tr.appendChild(td);
            body.appendChild(tr);
        }
        $("rows").replaceWith(body);

        var summary = BT_STRINGS[lang].summary(list.length, late, unknown);
        if (filter.trim())
            summary += t("filtered", {filter: filter.trim()});
        $("summary").textContent = summary;
        $("error").hidden = !listError;
        $("error").textContent = listError;
        $("updated").textContent = updatedAt ? t("updated",
            {time: updatedAt.toLocaleTimeString(locale())}) : "";
        markRects();
    }

    // For tests (#rects): each row's top and bottom on the page, in CSS pixels.
    function markRects() {
        if (!hash.has("rects"))
            return;
        var rows = document.querySelectorAll("#rows tr");
        for (var i = 0; i < rows.length; i++) {
            var r = rows[i].getBoundingClientRect();
            rows[i].dataset.rect = Math.round(r.top + window.scrollY) + "," +
                Math.round(r.bottom + window.scrollY);
        }
    }

    function applyLanguage() {
        document.documentElement.lang = lang;
        document.title = t("title");
        var all = document.querySelectorAll("[data-t]");
        for (var i = 0; i < all.length; i++) {
            var key = all[i].dataset.t;
            if (key !== "loading" || !updatedAt)
                all[i].textContent = t(key);
        }
        $("lang").value = lang;
    }

    // The page's own URL says the language and the filter, so it can be bookmarked or sent.
    function keepInUrl() {
        var q = new URLSearchParams(location.search);
        if (lang === "en")
            q.set("lang", "en");
        else
            q.delete("lang");
        if (filter)
            q.set("filter", filter);
        else
            q.delete("filter");
        var s = q.toString();
        history.replaceState(null, "", location.pathname + (s ? "?" + s : "") + location.hash);
    }

    // CSV, RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled,
    // lines end with CRLF. A text that starts like a formula (= + - @, or a tab or CR before
    // one) gets a ' in front, so a spreadsheet shows it instead of running it.
    function csvField(v) {
        var s;
        if (v === null || v === undefined)
            s = "";
        else if (typeof v === "object")
            s = JSON.stringify(v);
        else
            s = String(v);
        if (typeof v === "string" && /^[=+\-@\t\r]/.test(s))
            s = "'" + s;
        if (/[",\r\n]/.test(s))
            s = '"' + s.replace(/"/g, '""') + '"';
        return s;
    }

    function csvLine(fields) {
        return fields.map(csvField).join(",") + "\r\n";
    }

    // The days from first to last, inclusive, as YYYY-MM-DD; null if the range is not one.
    function days(first, last) {
        var re = /^\d{4}-\d{2}-\d{2}$/;
        if (!re.test(first) || !re.test(last))
            return null;
        var a = Date.parse(first + "T00:00:00Z"), b = Date.parse(last + "T00:00:00Z");
        if (!isFinite(a) || !isFinite(b) || b < a || (b - a) / 86400000 >= MAX_DAYS)
            return null;
        var out = [];
        for (var d = a; d <= b; d += 86400000)
            out.push(new Date(d).toISOString().slice(0, 10));
        return out;
    }

    // One day's plays of one screen: its lines that parse as JSON objects (a power cut may
    // leave a broken last line). A missing file is a day without plays.
    async function readPlays(name, date) {
        var r = await fetch(fileUrl(name, "plays/" + encodeURIComponent(date) + ".jsonl"),
            {cache: "no-store"});
        if (r.status === 404)
            return {lines: [], skipped: 0};
        if (!r.ok)
            throw new Error("HTTP " + r.status);
        var lines = [], skipped = 0;
        (await r.text()).split("\n").forEach(function (line) {
            line = line.trim();
            if (!line)
                return;
            try {
                var j = JSON.parse(line);
                if (j && typeof j === "object" && !Array.isArray(j))
                    lines.push(j);
                else
                    skipped++;
            } catch (e) {
                skipped++;
            }
        });
        return {lines: lines, skipped: skipped};
    }

    // The CSV of the shown screens' plays from first to last (UTF-8 with a BOM, so Excel
    // reads Vietnamese), or null for a bad range.
    async function buildCsv(first, last, progress) {
        var range = days(first, last);
        if (!range)
            return null;
        if (!screens.length)
            screens = (await listScreens()).map(function (n) {
                return {name: n, status: null, problem: 0};
            });
        var jobs = [];
        shown().forEach(function (s) {
            range.forEach(function (d) {
                jobs.push({name: s.name, date: d, result: null});
            });
        });
        var next = 0, done = 0, failed = 0, skipped = 0;
        async function worker() {
            while (next < jobs.length) {
                var job = jobs[next++];
                try {
                    job.result = await readPlays(job.name, job.date);
                    skipped += job.result.skipped;
                } catch (e) {
                    failed++;
                }
                progress(++done, jobs.length);
            }
        }
        var workers = [];
        for (var i = 0; i < PARALLEL; i++)
            workers.push(worker());
        await Promise.all(workers);

        var out = "\ufeff" + csvLine(CSV_COLUMNS), rows = 0;
        jobs.forEach(function (job) {
            if (!job.result)
                return;
            job.result.lines.forEach(function (p) {
                out += csvLine([job.name, job.date].concat(CSV_COLUMNS.slice(2).map(function (c) {
                    return p[c];
                })));
                rows++;
            });
        });
        var note = BT_STRINGS[lang].csv_done(rows, shown().length, range.length);
        if (failed)
            note += t("csv_failed", {n: failed});
        if (skipped)
            note += t("csv_skipped", {n: skipped});
        return {text: out, note: note, name: "bangtin-plays-" + first + "-" + last + ".csv"};
    }

    var csvUrl = null;

    async function exportCsv(first, last, show) {
        var status = $("csv-status");
        var csv = await buildCsv(first, last, function (k, n) {
            status.textContent = t("csv_reading", {k: k, n: n});
        });
        if (!csv) {
            status.textContent = t("csv_bad_range");
            return;
        }
        status.textContent = csv.note + ".";
        if (csvUrl)
            URL.revokeObjectURL(csvUrl);
        csvUrl = URL.createObjectURL(new Blob([csv.text], {type: "text/csv;charset=utf-8"}));
        var link = $("csv-link");
        link.href = csvUrl;
        link.download = csv.name;
        link.textContent = t("csv_save", {name: csv.name});
        link.hidden = false;
        if (show) {
            $("csv").textContent = csv.text;
            $("csv").hidden = false;
        } else {
            link.click();
        }
    }

    function start() {
        var today = localDate(new Date());
        $("from").value = today;
        $("to").value = today;
        $("filter").value = filter;
        applyLanguage();

        $("filter").addEventListener("input", function () {
            filter = this.value;
            keepInUrl();
            render();
        });
        $("controls").addEventListener("submit", function (e) {
            e.preventDefault();
        });
        $("lang").addEventListener("change", function () {
            lang = this.value === "en" ? "en" : "vi";
            keepInUrl();
            applyLanguage();
            render();
        });
        $("csv-form").addEventListener("submit", function (e) {
            e.preventDefault();
            exportCsv($("from").value, $("to").value, false);
        });

        var ask = hash.get("csv");
        refresh().then(function () {
            if (ask) {
                var ends = ask.split("..");
                $("from").value = ends[0];
                $("to").value = ends[1] || ends[0];
                exportCsv(ends[0], ends[1] || ends[0], true);
            }
        });
        setInterval(refresh, REFRESH_MS);
    }

    start();
})();
