// Waiting with a bound, on the monotonic clock: a condition variable whose timed waits measure
// CLOCK_MONOTONIC, so a step of the wall clock (NTP at boot on a board with no RTC, a server's
// Date applied, an installer setting the date) neither ends a wait early nor stretches it.
// Any thread.
#ifndef BT_BASE_THREAD_H
#define BT_BASE_THREAD_H

#include <pthread.h>
#include <stdint.h>
#include <time.h>

// Initialises `c` for timed waits on CLOCK_MONOTONIC. Returns 0, or an error number.
int bt_cond_init(pthread_cond_t *c);

// The moment `us` microseconds from now on CLOCK_MONOTONIC, for pthread_cond_timedwait on a
// condition made by bt_cond_init.
struct timespec bt_deadline_in(int64_t us);

#endif
