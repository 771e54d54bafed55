// `bangtin check FILE...`: validates playlists strictly and reports every problem as
// FILE:LINE:COL: error|warning: PATH: message, then a summary line per file; or all of it as
// JSON with `--json`. Main thread.
#ifndef BT_STAFF_CHECK_H
#define BT_STAFF_CHECK_H

#include <stdio.h>

// Checks each file, printing to `out`. Returns the exit status: 2 when any file has an error,
// else 0.
int bt_check_run(char *const *files, int nfiles, int json, FILE *out);

#endif
