// `bangtin plan PLAYLIST --from DATE --to DATE`: what each zone plays when, minute by minute
// through the schedule's pure function, printed as spans of time for staff to check a
// campaign before it starts.
#ifndef BT_STAFF_PLAN_H
#define BT_STAFF_PLAN_H

#include <stdio.h>

// With png, also a chart of it as a PNG there. Returns the exit status (0; 1 when the chart
// cannot be written; 2 for a playlist or a date that cannot be read).
int bt_plan_run(const char *playlist, const char *from, const char *to, const char *png, FILE *out);

#endif
