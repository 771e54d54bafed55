// Signing keys for staff: `bangtin keygen [-p PUBLIC_KEY] [-s SECRET_KEY]` makes a key pair in
// minisign's format (base/minisign), and the password prompt it shares with `bangtin pack
// --sign`. A password is read from the terminal with echo off, or, when standard input is not a
// terminal, as its first line (so scripts and tests can pipe it). Main thread.
#ifndef BT_STAFF_KEYS_H
#define BT_STAFF_KEYS_H

#include <stddef.h>
#include <stdio.h>

#include "base/minisign.h"

#define BT_KEYS_PUBLIC_DEFAULT "bangtin.pub"   // in the current folder
#define BT_KEYS_SECRET_DEFAULT "bangtin.key"
#define BT_KEYS_PASSWORD_MAX   1024   // with its NUL: minisign's PASSWORDMAXBYTES

// `bangtin keygen`: argv[0] is "keygen", then its options. Refuses to overwrite either file.
// Returns the exit status: 0, 1 when the keys cannot be made or written, 2 for a usage error.
int bt_keys_keygen_run(int argc, char **argv, FILE *out);

// Reads a password into pw (size bytes, at most BT_KEYS_PASSWORD_MAX): from the terminal with
// `prompt` on stderr and echo off (twice, and both must match, when `confirm`), else the first
// line of standard input. The line ends at its first CR or LF, as minisign reads it. Returns 0,
// or -1 with the reason printed to `out`. The caller wipes pw (explicit_bzero) after use.
int bt_keys_read_password(const char *prompt, int confirm, char *pw, size_t size, FILE *out);

// Loads the secret key at `path` for signing, asking for its password when it has one.
// Returns 0 with *key set (bt_minisign_secret_destroy it), or -1 with the reason printed.
int bt_keys_load_secret(const char *path, struct bt_minisign_secret **key, FILE *out);

#endif
