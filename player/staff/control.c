#include "staff/control.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <jansson.h>

#include "base/file.h"
#include "base/i18n.h"
#include "base/log.h"
#include "time/clock.h"

#define MAX_RAISED 64

// A client's line, gathered across frames (the render loop never waits for a client).
struct conn {
    int fd;   // -1: free
    size_t n;
    char line[BT_CONTROL_LINE];
    int64_t since_us;   // accepted (monotonic)
};

struct bt_control {
    int fd;
    char sock_path[sizeof(((struct sockaddr_un *)0)->sun_path)];
    char state_path[2048];
    char *ids[MAX_RAISED];
    size_t n;
    // Released while scheduled: the id, when (local seconds), and until when that holds in
    // `for_playlist` (the end of the stretch of its schedule it was released in).
    char *rel_ids[MAX_RAISED];
    int64_t rel_at[MAX_RAISED];
    struct bt_released rel[MAX_RAISED];
    size_t nrel;
    const struct bt_playlist *for_playlist;
    // Raised from afar (alerts_url), and the union of both that the schedule reads.
    char *remote[MAX_RAISED];
    size_t nremote;
    const char *all[2 * MAX_RAISED];
    struct bt_raised raised;
    struct conn conns[BT_CONTROL_CONNS];
};

static void save(struct bt_control *c)
{
    json_t *list = json_array(), *released = json_array();
    for (size_t i = 0; i < c->n; i++)
        json_array_append_new(list, json_string(c->ids[i]));
    for (size_t i = 0; i < c->nrel; i++)
        json_array_append_new(
            released, json_pack("{s:s, s:I}", "id", c->rel_ids[i], "at", (json_int_t)c->rel_at[i]));
    json_t *root = json_pack("{s:o, s:o}", "raised", list, "released", released);
    char *text = root ? json_dumps(root, JSON_INDENT(2)) : NULL;
    json_decref(root);
    if (!text || bt_file_write_atomic(c->state_path, text, strlen(text)) != 0)
        BT_WARN("control", _("cannot keep the raised overrides in %s: %s"), c->state_path,
                strerror(errno));
    free(text);
}

static void refresh(struct bt_control *c)
{
    for (size_t i = 0; i < c->nrel; i++)
        c->rel[i].id = c->rel_ids[i];
    // Raised by hand here or from afar: both (each once).
    size_t n = 0;
    for (size_t i = 0; i < c->n; i++)
        c->all[n++] = c->ids[i];
    for (size_t i = 0; i < c->nremote; i++) {
        size_t k = 0;
        while (k < c->n && strcmp(c->ids[k], c->remote[i]) != 0)
            k++;
        if (k == c->n)
            c->all[n++] = c->remote[i];
    }
    c->raised = (struct bt_raised){.ids = c->all, .n = n, .released = c->rel, .nreleased = c->nrel};
}

static const struct bt_override *find(const struct bt_playlist *p, const char *id)
{
    for (size_t i = 0; p && i < p->noverrides; i++)
        if (strcmp(p->overrides[i].id, id) == 0)
            return &p->overrides[i];
    return NULL;
}

static void drop_released(struct bt_control *c, size_t i)
{
    free(c->rel_ids[i]);
    c->nrel--;
    c->rel_ids[i] = c->rel_ids[c->nrel];
    c->rel_at[i] = c->rel_at[c->nrel];
    c->rel[i] = c->rel[c->nrel];
}

// Until when each release holds by the schedules of `p`: to the end of the stretch it was
// released in, so at the next scheduled start the override shows again. A release whose
// override has no such stretch (gone, changed, or over) is dropped. Returns how many were.
static size_t released_until(struct bt_control *c, const struct bt_playlist *p, int64_t local)
{
    size_t dropped = 0;
    for (size_t i = 0; i < c->nrel;) {
        const struct bt_override *o = find(p, c->rel_ids[i]);
        c->rel[i].until =
            o && o->schedule ? bt_schedule_run_end(o->schedule, c->rel_at[i]) : c->rel_at[i];
        if (local < c->rel[i].until) {
            i++;
            continue;
        }
        BT_INFO("control", _("the release of override \"%s\" is over"), c->rel_ids[i]);
        drop_released(c, i);
        dropped++;
    }
    return dropped;
}

struct bt_control *bt_control_open(const char *runtime_dir, const char *state_dir)
{
    struct bt_control *c = calloc(1, sizeof(*c));
    if (!c)
        return NULL;
    c->fd = -1;
    for (size_t i = 0; i < BT_CONTROL_CONNS; i++)
        c->conns[i].fd = -1;
    // What was raised before a restart.
    if (bt_file_mkdir_p(state_dir) != 0)
        BT_DEBUG("control", "cannot make %s: %s", state_dir, strerror(errno));
    snprintf(c->state_path, sizeof(c->state_path), "%s/triggers.json", state_dir);
    json_error_t je;
    json_t *root = json_load_file(c->state_path, 0, &je);
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(root, "raised"), i, v)
    {
        if (json_is_string(v) && c->n < MAX_RAISED)
            c->ids[c->n++] = strdup(json_string_value(v));
    }
    json_array_foreach(json_object_get(root, "released"), i, v)
    {
        json_t *id = json_object_get(v, "id"), *at = json_object_get(v, "at");
        if (json_is_string(id) && json_is_integer(at) && c->nrel < MAX_RAISED) {
            c->rel_ids[c->nrel] = strdup(json_string_value(id));
            c->rel_at[c->nrel] = json_integer_value(at);
            c->rel[c->nrel++].until = INT64_MAX;   // until the playlist is known
        }
    }
    json_decref(root);
    if (c->n)
        BT_INFO("control", _("%zu overrides raised by hand before the restart are still raised"),
                c->n);
    if (c->nrel)
        BT_INFO("control",
                _("%zu overrides released by hand before the restart are still released"), c->nrel);
    refresh(c);

    struct stat st;
    if (!runtime_dir || stat(runtime_dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return c;
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    if ((size_t)snprintf(c->sock_path, sizeof(c->sock_path), "%s/control", runtime_dir) >=
        sizeof(c->sock_path))
        return c;
    snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", c->sock_path);
    // Another player (the service, while this is a preview) keeps its socket.
    int probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int live = probe >= 0 && connect(probe, (struct sockaddr *)&addr, sizeof(addr)) == 0;
    if (probe >= 0)
        close(probe);
    if (live) {
        BT_INFO("control", _("another player listens at %s; this one takes no triggers"),
                c->sock_path);
        c->sock_path[0] = '\0';
        return c;
    }
    unlink(c->sock_path);   // left by a player that was killed
    c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c->fd < 0 || bind(c->fd, (struct sockaddr *)&addr, sizeof(addr)) != 0 ||
        listen(c->fd, 4) != 0) {
        BT_WARN("control", _("no control socket at %s: %s"), c->sock_path, strerror(errno));
        if (c->fd >= 0)
            close(c->fd);
        c->fd = -1;
        return c;
    }
    // The service's user and the members of the bangtin group may use it.
    struct group *g = getgrnam("bangtin");
    if (g && chown(c->sock_path, (uid_t)-1, g->gr_gid) != 0)
        BT_DEBUG("control", "cannot give %s to the group bangtin", c->sock_path);
    chmod(c->sock_path, 0660);
    return c;
}

void bt_control_close(struct bt_control *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < BT_CONTROL_CONNS; i++)
        if (c->conns[i].fd >= 0)
            close(c->conns[i].fd);
    if (c->fd >= 0) {
        close(c->fd);
        unlink(c->sock_path);
    }
    for (size_t i = 0; i < c->n; i++)
        free(c->ids[i]);
    for (size_t i = 0; i < c->nremote; i++)
        free(c->remote[i]);
    for (size_t i = 0; i < c->nrel; i++)
        free(c->rel_ids[i]);
    free(c);
}

const struct bt_raised *bt_control_raised(const struct bt_control *c)
{
    return &c->raised;
}

static void remove_raised(struct bt_control *c, size_t at)
{
    free(c->ids[at]);
    c->ids[at] = c->ids[--c->n];
}

// Releases a scheduled override active at `local` until its next scheduled start. Returns 0, or
// -1 when there is no room.
static int add_released(struct bt_control *c, const struct bt_override *o, int64_t local)
{
    for (size_t i = 0; i < c->nrel; i++)
        if (strcmp(c->rel_ids[i], o->id) == 0)
            drop_released(c, i);   // an older release of it
    if (c->nrel == MAX_RAISED)
        return -1;
    c->rel_ids[c->nrel] = strdup(o->id);
    c->rel_at[c->nrel] = local;
    c->rel[c->nrel++].until = bt_schedule_run_end(o->schedule, local);
    return 0;
}

void bt_control_handle(struct bt_control *c, const struct bt_playlist *p, int64_t local,
                       int clock_trusted, char *line, char *out, size_t size)
{
    char *nl = strpbrk(line, "\r\n");
    if (nl)
        *nl = '\0';
    char *id = strchr(line, ' ');
    if (id)
        *id++ = '\0';
    size_t at = c->n;
    for (size_t i = 0; id && i < c->n; i++)
        if (strcmp(c->ids[i], id) == 0)
            at = i;
    if (strcmp(line, "list") == 0) {
        int n = snprintf(out, size, "ok\tlist");
        for (size_t i = 0; i < c->n && n > 0 && (size_t)n < size; i++)
            n += snprintf(out + n, size - (size_t)n, "\t%s", c->ids[i]);
        snprintf(out + strlen(out), size - strlen(out), "\n");
    } else if (strcmp(line, "trigger") == 0 && id && *id) {
        if (!find(p, id)) {
            int n = snprintf(out, size, "error\tno-override\t%s", id);
            for (size_t i = 0; p && i < p->noverrides && n > 0 && (size_t)n < size; i++)
                n += snprintf(out + n, size - (size_t)n, "\t%s", p->overrides[i].id);
            snprintf(out + strlen(out), size - strlen(out), "\n");
        } else if (at < c->n) {
            snprintf(out, size, "ok\talready-raised\t%s\n", id);
        } else if (c->n == MAX_RAISED) {
            snprintf(out, size, "error\ttoo-many-raised\n");
        } else {
            for (size_t i = 0; i < c->nrel; i++)
                if (strcmp(c->rel_ids[i], id) == 0)
                    drop_released(c, i);   // raised again after a release
            c->ids[c->n++] = strdup(id);
            refresh(c);
            save(c);
            BT_INFO("control", _("override \"%s\" raised by hand"), id);
            snprintf(out, size, "ok\traised\t%s\n", id);
        }
    } else if (strcmp(line, "release") == 0 && id && *id) {
        // A raised override is lowered; one active by its schedule (too) stays off until the
        // schedule's next start.
        const struct bt_override *o = find(p, id);
        int scheduled = o && o->schedule && bt_schedule_allows(o->schedule, local, clock_trusted);
        int released = 0;
        for (size_t i = 0; i < c->nrel; i++)
            released |= strcmp(c->rel_ids[i], id) == 0 && local < c->rel[i].until;
        if (at == c->n && released) {
            snprintf(out, size, "ok\talready-released\t%s\n", id);
        } else if (at == c->n && !scheduled) {
            snprintf(out, size, "error\tnot-showing\t%s\n", id);
        } else if (scheduled && add_released(c, o, local) != 0) {
            snprintf(out, size, "error\ttoo-many-released\n");
        } else {
            if (at < c->n)
                remove_raised(c, at);
            refresh(c);
            save(c);
            BT_INFO("control", _("override \"%s\" released by hand"), id);
            if (!scheduled)
                snprintf(out, size, "ok\treleased\t%s\n", id);
            else if (bt_schedule_run_end(o->schedule, local) == INT64_MAX)
                snprintf(out, size, "ok\treleased-for-good\t%s\n", id);
            else
                snprintf(out, size, "ok\treleased-until-next\t%s\n", id);
        }
    } else {
        snprintf(out, size, "error\tbad-command\n");
    }
}

void bt_control_words(const char *answer, char *out, size_t size)
{
    // Fields: "ok" or "error", a code, then ids.
    char buf[1100];
    snprintf(buf, sizeof(buf), "%s", answer);
    buf[strcspn(buf, "\r\n")] = '\0';
    const char *f[4] = {"", "", "", ""};
    char *rest = buf;
    for (int i = 0; i < 4 && rest; i++) {
        f[i] = rest;
        rest = i < 3 ? strchr(rest, '\t') : NULL;
        if (rest)
            *rest++ = '\0';
    }
    const char *code = f[1], *id = f[2];
    // What is left after the id: more ids, tab-separated.
    const char *more = answer;
    for (int tabs = 0; *more && tabs < 3; more++)
        tabs += *more == '\t';
    char others[1100];
    snprintf(others, sizeof(others), "%s", *f[3] ? f[3] : "");
    if (*more)
        snprintf(others, sizeof(others), "%s\t%s", f[3], more);
    for (char *t = others; *t; t++)
        if (*t == '\t' || *t == '\n' || *t == '\r')
            *t = ' ';
    size_t len = strlen(others);
    while (len && others[len - 1] == ' ')
        others[--len] = '\0';
    if (strcmp(code, "list") == 0) {
        // The raised ids: the list as sent, one space apart.
        char ids[2 * sizeof(others) + 2];
        snprintf(ids, sizeof(ids), "%s%s%s", id, *others ? " " : "", others);
        snprintf(out, size, "ok:%s%s\n", *ids ? " " : "", ids);
    } else if (strcmp(code, "raised") == 0)
        snprintf(out, size, _("ok: \"%s\" raised; it shows within a second\n"), id);
    else if (strcmp(code, "already-raised") == 0)
        snprintf(out, size, _("ok: \"%s\" was already raised\n"), id);
    else if (strcmp(code, "released") == 0)
        snprintf(out, size, _("ok: \"%s\" released\n"), id);
    else if (strcmp(code, "released-for-good") == 0)
        snprintf(out, size,
                 _("ok: \"%s\" released; its schedule has no later start, so it stays "
                   "off on this screen\n"),
                 id);
    else if (strcmp(code, "released-until-next") == 0)
        snprintf(out, size,
                 _("ok: \"%s\" released; it shows again at its next "
                   "scheduled start\n"),
                 id);
    else if (strcmp(code, "already-released") == 0)
        snprintf(out, size, _("ok: \"%s\" was already released\n"), id);
    else if (strcmp(code, "no-override") == 0)
        snprintf(out, size,
                 _("error: the playing playlist has no override \"%s\"; "
                   "it has: %s\n"),
                 id, others);
    else if (strcmp(code, "too-many-raised") == 0)
        snprintf(out, size, "%s\n", _("error: too many overrides raised"));
    else if (strcmp(code, "not-showing") == 0)
        snprintf(out, size,
                 _("error: \"%s\" is not showing: it is not raised, and its schedule is not "
                   "active now\n"),
                 id);
    else if (strcmp(code, "too-many-released") == 0)
        snprintf(out, size, "%s\n", _("error: too many overrides released"));
    else if (strcmp(code, "bad-command") == 0)
        snprintf(out, size, "%s\n", _("error: say \"trigger ID\", \"release ID\" or \"list\""));
    else if (strcmp(code, "too-long") == 0)
        snprintf(out, size, "%s\n", _("error: the command is too long"));
    else if (strcmp(code, "too-slow") == 0)
        snprintf(out, size, "%s\n", _("error: the command did not come in time"));
    else
        snprintf(out, size, "%s\n", answer);   // a player of another version: as it said
}

// Answers a client and forgets it. The answer fits the socket's buffer; a client that has gone
// (or reads nothing) loses it, and neither blocks nor signals the player.
static void answer(struct conn *k, const char *out)
{
    ssize_t w = send(k->fd, out, strlen(out), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (w < 0)
        BT_DEBUG("control", "a client left before its answer: %s", strerror(errno));
    close(k->fd);
    *k = (struct conn){.fd = -1};
}

// Reads what a client has sent so far, without waiting, and answers its line once it is whole.
static void serve(struct bt_control *c, struct conn *k, const struct bt_playlist *p, int64_t local,
                  int clock_trusted, int64_t now)
{
    int eof = 0;
    while (k->n < sizeof(k->line) - 1) {
        ssize_t r = recv(k->fd, k->line + k->n, sizeof(k->line) - 1 - k->n, MSG_DONTWAIT);
        if (r > 0) {
            k->n += (size_t)r;
            continue;
        }
        if (r == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
            eof = 1;
        if (r == 0 || errno != EINTR)
            break;
    }
    k->line[k->n] = '\0';
    int whole = memchr(k->line, '\n', k->n) != NULL;
    char out[1024];
    if (whole || (eof && k->n > 0)) {
        bt_control_handle(c, p, local, clock_trusted, k->line, out, sizeof(out));
        answer(k, out);
    } else if (eof) {
        answer(k, "");
    } else if (k->n == sizeof(k->line) - 1) {
        snprintf(out, sizeof(out), "error\ttoo-long\n");
        answer(k, out);
    } else if (now - k->since_us > BT_CONTROL_WAIT_US) {
        snprintf(out, sizeof(out), "error\ttoo-slow\n");
        answer(k, out);
    }
}

void bt_control_poll(struct bt_control *c, const struct bt_playlist *p, int64_t local,
                     int clock_trusted)
{
    // Releases are measured against the playing playlist's schedules; a new revision may move
    // their ends.
    if (p && p != c->for_playlist) {
        c->for_playlist = p;
        if (released_until(c, p, local))
            save(c);
        refresh(c);
    }
    // A release is forgotten when its stretch ends (once: a rare write, as for a command).
    for (size_t i = 0; i < c->nrel; i++) {
        if (local >= c->rel[i].until) {
            BT_INFO("control", _("the release of override \"%s\" is over"), c->rel_ids[i]);
            drop_released(c, i);
            refresh(c);
            save(c);
            break;   // the others on the next refresh
        }
    }
    if (c->fd < 0)
        return;
    int64_t now = bt_time_mono_us();
    // New clients take the free places; the rest wait in the listen queue.
    for (size_t i = 0; i < BT_CONTROL_CONNS; i++) {
        if (c->conns[i].fd >= 0)
            continue;
        int s = accept4(c->fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (s < 0)
            break;
        c->conns[i] = (struct conn){.fd = s, .since_us = now};
    }
    for (size_t i = 0; i < BT_CONTROL_CONNS; i++)
        if (c->conns[i].fd >= 0)
            serve(c, &c->conns[i], p, local, clock_trusted, now);
}

int bt_control_send(const char *runtime_dir, const char *verb, const char *id, FILE *out)
{
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    snprintf(addr.sun_path, sizeof(addr.sun_path), "%s/control", runtime_dir);
    int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s < 0 || connect(s, (struct sockaddr *)&addr, sizeof(addr)) != 0) {
        fprintf(out,
                _("No player answers at %s (%s): is bangtin running? "
                  "(systemctl status bangtin)\n"),
                addr.sun_path, strerror(errno));
        if (s >= 0)
            close(s);
        return 1;
    }
    char msg[400];
    int len = snprintf(msg, sizeof(msg), "%s%s%s\n", verb, id ? " " : "", id ? id : "");
    if (write(s, msg, (size_t)len) != len) {
        close(s);
        return 1;
    }
    char answer[1100];
    size_t n = 0;
    ssize_t k;
    // The player answers at its next frame.
    struct pollfd pfd = {.fd = s, .events = POLLIN};
    while (n < sizeof(answer) - 1 && poll(&pfd, 1, 5000) == 1 &&
           (k = read(s, answer + n, sizeof(answer) - 1 - n)) > 0)
        n += (size_t)k;
    close(s);
    answer[n] = '\0';
    if (!n) {
        fprintf(out, "%s\n", _("The player did not answer."));
        return 1;
    }
    // The player answers in codes; the words are this command's, in its user's language.
    char words[2400];
    bt_control_words(answer, words, sizeof(words));
    fputs(words, out);
    return strncmp(answer, "ok", 2) == 0 ? 0 : 1;
}

void bt_control_set_remote(struct bt_control *c, const char *const *ids, size_t n)
{
    for (size_t i = 0; i < c->nremote; i++)
        free(c->remote[i]);
    c->nremote = 0;
    for (size_t i = 0; i < n && c->nremote < MAX_RAISED; i++) {
        char *id = strdup(ids[i]);
        if (id)
            c->remote[c->nremote++] = id;
    }
    refresh(c);
}
