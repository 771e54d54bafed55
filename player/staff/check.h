// `bangtin check FILE...`: validates playlists strictly and reports every problem as
// FILE:LINE:COL: error|warning: PATH: message, then a summary line per file; or all of it as
// JSON with `--json`. `bangtin check --fix-encoding FILE...` writes a copy of each with its text
// in old Vietnamese encodings converted to Unicode. Main thread.
#ifndef BT_STAFF_CHECK_H
#define BT_STAFF_CHECK_H

#include <stdio.h>

// Checks each file, printing to `out`. Returns the exit status: 2 when any file has an error,
// else 0.
int bt_check_run(char *const *files, int nfiles, int json, FILE *out);

// For each FILE (NAME.json, or any other name), writes NAME.unicode.json beside it (atomically,
// never over an existing file) with the text typed in TCVN3 or VNI and pasted as Unicode
// converted, and the whole file converted from Windows-1258 when it was saved so (see
// bt_legacy_fix_json); the rest keeps its bytes. Says what it did on `out`. Returns the exit
// status: 2 when a file could not be converted or its copy already exists, 1 when a copy could
// not be written, else 0 (a file with nothing to convert gets no copy).
int bt_check_fix_encoding(char *const *files, int nfiles, FILE *out);

#endif
