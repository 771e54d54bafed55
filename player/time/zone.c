#include "time/zone.h"

#include <stdio.h>
#include <stdlib.h>

int bt_timezone_set(const char *name)
{
    char path[512];
    snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", name);
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    fclose(f);
    char tz[600];
    snprintf(tz, sizeof(tz), ":%s", name);
    setenv("TZ", tz, 1);
    tzset();
    return 0;
}

void bt_localtime(int64_t wall_us, struct tm *tm)
{
    time_t t = (time_t)(wall_us >= 0 ? wall_us / 1000000 : (wall_us - 999999) / 1000000);
    localtime_r(&t, tm);
}

int64_t bt_local_seconds(int64_t wall_s)
{
    time_t t = (time_t)wall_s;
    struct tm tm;
    if (!localtime_r(&t, &tm))
        return wall_s;
    return wall_s + tm.tm_gmtoff;
}
