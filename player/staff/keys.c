#include "staff/keys.h"

#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "base/i18n.h"

// The terminal's settings while echo is off, for the signal handler to put back: a person who
// presses Ctrl-C at the prompt must not be left typing blind. The one process-wide state here,
// because a signal handler can reach no other.
static struct termios saved_termios;
static volatile sig_atomic_t echo_off;

static const int restore_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

static void restore_and_raise(int sig)
{
    if (echo_off)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_termios);
    signal(sig, SIG_DFL);
    raise(sig);
}

// Reads one line of stdin into pw, ended at its first CR or LF. Returns 0, or -1 with the
// reason printed.
static int read_line(char *pw, size_t size, FILE *out)
{
    if (!fgets(pw, (int)size, stdin)) {
        fprintf(out, "%s",
                _("No password was given: standard input ended. Write the password as its first "
                  "line (an empty line makes a secret key without a password).\n"));
        return -1;
    }
    size_t n = strcspn(pw, "\r\n");
    if (pw[n] == '\0' && !feof(stdin)) {
        fprintf(out, _("The password is too long: at most %d bytes.\n"), BT_KEYS_PASSWORD_MAX - 2);
        return -1;
    }
    pw[n] = '\0';
    return 0;
}

// Prompts on the terminal and reads a line with echo off.
static int read_hidden(const char *prompt, char *pw, size_t size, FILE *out)
{
    fprintf(stderr, "%s", prompt);
    fflush(stderr);
    struct termios t;
    struct sigaction sa = {.sa_handler = restore_and_raise}, old[4];
    int have = tcgetattr(STDIN_FILENO, &t) == 0;
    if (have) {
        saved_termios = t;
        for (int i = 0; i < 4; i++)
            sigaction(restore_signals[i], &sa, &old[i]);
        t.c_lflag &= ~(tcflag_t)ECHO;
        t.c_lflag |= ECHONL;   // the Enter key still moves to the next line
        echo_off = 1;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &t);
    }
    int rc = read_line(pw, size, out);
    if (have) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_termios);
        echo_off = 0;
        for (int i = 0; i < 4; i++)
            sigaction(restore_signals[i], &old[i], NULL);
    }
    return rc;
}

int bt_keys_read_password(const char *prompt, int confirm, char *pw, size_t size, FILE *out)
{
    if (size > BT_KEYS_PASSWORD_MAX)
        size = BT_KEYS_PASSWORD_MAX;
    if (!isatty(STDIN_FILENO))
        return read_line(pw, size, out);
    if (read_hidden(prompt, pw, size, out) != 0)
        return -1;
    if (!confirm)
        return 0;
    char again[BT_KEYS_PASSWORD_MAX];
    int rc = read_hidden(_("The same password again: "), again, sizeof(again), out);
    if (rc == 0 && strcmp(pw, again) != 0) {
        fprintf(out, "%s", _("The two passwords differ; nothing was written.\n"));
        rc = -1;
    }
    explicit_bzero(again, sizeof(again));
    return rc;
}

int bt_keys_load_secret(const char *path, struct bt_minisign_secret **key, FILE *out)
{
    char err[1200], prompt[1200], pw[BT_KEYS_PASSWORD_MAX] = "";
    *key = NULL;
    int enc = bt_minisign_secret_encrypted(path, err, sizeof(err));
    if (enc < 0) {
        fprintf(out, "%s\n", err);
        return -1;
    }
    snprintf(prompt, sizeof(prompt), _("Password of the secret key %s: "), path);
    if (enc && bt_keys_read_password(prompt, 0, pw, sizeof(pw), out) != 0)
        return -1;
    int rc = bt_minisign_secret_load(path, pw, key, err, sizeof(err));
    explicit_bzero(pw, sizeof(pw));
    if (rc != BT_MINISIGN_OK) {
        fprintf(out, "%s\n", err);
        return -1;
    }
    return 0;
}

// Usage errors go to stderr, as the other commands' do.
static int keygen_usage(void)
{
    fprintf(stderr, "%s", _("Usage: bangtin keygen [-p PUBLIC_KEY] [-s SECRET_KEY]\n"));
    return 2;
}

int bt_keys_keygen_run(int argc, char **argv, FILE *out)
{
    const char *pub = BT_KEYS_PUBLIC_DEFAULT, *sec = BT_KEYS_SECRET_DEFAULT;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fprintf(out,
                    _("Usage: bangtin keygen [-p PUBLIC_KEY] [-s SECRET_KEY]\n"
                      "Makes a key pair for signing playlists, in minisign's format.\n"
                      "  -p PUBLIC_KEY  where the public key goes (default ./%s)\n"
                      "  -s SECRET_KEY  where the secret key goes (default ./%s, mode 0600)\n"
                      "The password is read from the terminal twice, with echo off, or as the\n"
                      "first line of standard input when that is not a terminal. An empty\n"
                      "password leaves the secret key unencrypted. Existing files are never\n"
                      "overwritten.\n"),
                    BT_KEYS_PUBLIC_DEFAULT, BT_KEYS_SECRET_DEFAULT);
            return 0;
        }
        int is_p = strcmp(argv[i], "-p") == 0, is_s = strcmp(argv[i], "-s") == 0;
        if ((is_p || is_s) && i + 1 < argc) {
            if (is_p)
                pub = argv[++i];
            else
                sec = argv[++i];
        } else if (is_p || is_s) {
            fprintf(stderr, _("bangtin: keygen: %s needs a file name\n"), argv[i]);
            return keygen_usage();
        } else {
            fprintf(stderr, _("bangtin: keygen: unknown argument '%s'\n"), argv[i]);
            return keygen_usage();
        }
    }
    char pw[BT_KEYS_PASSWORD_MAX], id[BT_MINISIGN_ID_SIZE], err[1200];
    struct stat st;
    int sec_there = lstat(sec, &st) == 0;
    if (sec_there || lstat(pub, &st) == 0) {   // said before a password is asked for
        fprintf(out,
                _("%s already exists: a key is never overwritten; choose another name, or move "
                  "the old key away first"),
                sec_there ? sec : pub);
        fputc('\n', out);
        return 1;
    }
    if (bt_keys_read_password(_("Password for the new secret key (empty: none): "), 1, pw,
                              sizeof(pw), out) != 0)
        return 1;
    int rc = bt_minisign_keygen(pub, sec, pw, id, err, sizeof(err));
    int protected = pw[0] != '\0';
    explicit_bzero(pw, sizeof(pw));
    if (rc != BT_MINISIGN_OK) {
        fprintf(out, "%s\n", err);
        return 1;
    }
    fprintf(out,
            _("The secret key is in %s: keep it secret, with a copy in a safe place.\n"
              "The public key is in %s (key id %s): give it to the screens; it may be public.\n"
              "Sign a playlist with: bangtin pack PLAYLIST OUTDIR --sign %s\n"),
            sec, pub, id, sec);
    if (!protected)
        fprintf(out,
                _("The secret key has no password: anyone with a copy of %s can sign "
                  "playlists.\n"),
                sec);
    return 0;
}
