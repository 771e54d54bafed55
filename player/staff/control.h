// The control socket: overrides raised and released by hand on the screen, with no network
// (`bangtin trigger ID`, `bangtin release ID`), through a Unix socket in the runtime directory
// (/run/bangtin/control, mode 0660: the service's user and the members of its group). Releasing
// an override that its schedule shows keeps it off until the schedule's next start. What is
// raised and released is kept in the cache folder, so it survives a restart. Main thread.
#ifndef BT_STAFF_CONTROL_H
#define BT_STAFF_CONTROL_H

#include <stdio.h>

#include "playlist/playlist.h"
#include "playlist/schedule.h"

// Clients served at once (more wait in the listen queue), the longest command line, and how
// long a client may take to send it.
#define BT_CONTROL_CONNS   8
#define BT_CONTROL_LINE    512
#define BT_CONTROL_WAIT_US 2000000

struct bt_control;

// Listens at runtime_dir/control (when runtime_dir is a folder) and loads what was raised from
// state_dir/triggers.json. Never NULL unless out of memory; without a socket only the state is
// kept.
struct bt_control *bt_control_open(const char *runtime_dir, const char *state_dir);
void bt_control_close(struct bt_control *c);

// Takes new clients and reads what they have sent, answering each line once it is whole, at
// `local` (local seconds) on a clock trusted or not. Never waits: a slow client's line is
// gathered across calls, and dropped after BT_CONTROL_WAIT_US. `p` is the playing playlist (may be
// NULL): an override must be in it to be raised, and releases end by its schedules.
void bt_control_poll(struct bt_control *c, const struct bt_playlist *p, int64_t local,
                     int clock_trusted);

// Carries out one command line ("trigger ID", "release ID" or "list"), as the socket does,
// and writes the answer into out: a line of tab-separated fields, "ok" or "error", a code
// ("raised", "no-override"…) and the ids it is about — words are the client's, in its language.
void bt_control_handle(struct bt_control *c, const struct bt_playlist *p, int64_t local,
                       int clock_trusted, char *line, char *out, size_t size);

// An answer as a person reads it, in this process's language ("ok: \"storm\" raised; …").
void bt_control_words(const char *answer, char *out, size_t size);

// The overrides raised from afar (the alerts document), replacing the ones it raised before; they
// combine with the ones raised here by hand.
void bt_control_set_remote(struct bt_control *c, const char *const *ids, size_t n);

// The overrides raised and released now (valid until the next poll or handle).
const struct bt_raised *bt_control_raised(const struct bt_control *c);

// The client: sends "trigger ID", "release ID" or "list" to the player and prints its answer.
// Returns the exit status (0 done, 1 refused or no player).
int bt_control_send(const char *runtime_dir, const char *verb, const char *id, FILE *out);

#endif
