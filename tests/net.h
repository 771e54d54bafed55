// Real servers for the network tests: nginx on 127.0.0.1 on a free port, started by the test
// with its own configuration and access log, and tests/faultproxy.py in front of it where
// nginx alone cannot make a fault. Bytes are counted there, never in the player.
#ifndef BT_TEST_NET_H
#define BT_TEST_NET_H

#include <sys/types.h>

struct bt_nginx {
    char dir[700];   // prefix: www/ is the root, access.log the log
    int port;
    pid_t pid;
};

// A free TCP port on 127.0.0.1, and whether something listens on one.
int bt_net_free_port(void);
int bt_net_port_open(int port);

// Starts nginx serving dir/www; `extra` is more server-block configuration (locations), or
// NULL. The access log's lines are:
//   request|status|Range|If-Range|If-None-Match|body bytes sent|User-Agent
// Returns 0 once it listens.
int bt_nginx_start(struct bt_nginx *n, const char *dir, const char *extra);
// The same over TLS only, with a certificate and its key (PEM files).
int bt_nginx_start_tls(struct bt_nginx *n, const char *dir, const char *cert, const char *key,
                       const char *extra);
void bt_nginx_stop(struct bt_nginx *n);
// Starts a stopped nginx again, on the same port with the same configuration.
int bt_nginx_restart(struct bt_nginx *n);
// The n-th (from 0) access-log line naming `part`, or NULL; waits up to 2 s for it, as nginx
// writes a line after the response has gone. Static buffer.
const char *bt_nginx_log_line(const struct bt_nginx *n, const char *part, int nth);
// How many access-log lines name `part` and contain `also` (may be NULL).
int bt_nginx_log_count(const struct bt_nginx *n, const char *part, const char *also);
// Writes dir/www/name.
void bt_nginx_put(const struct bt_nginx *n, const char *name, const void *data, size_t len);

// The fault-injecting proxy (tests/faultproxy.py) on a free port, to nginx; its state folder
// is dir/proxy-PORT (fault, sent, open), so several may run. Returns the port, or -1.
struct bt_proxy {
    char state[800];
    int port;
    pid_t pid;
};
int bt_proxy_start(struct bt_proxy *p, const struct bt_nginx *n);
// Sets the fault for the connections to come ("none", "reset:N", "truncate:N", "crawl:N";
// " once" after it: for the next connection only).
void bt_proxy_fault(struct bt_proxy *p, const char *fault);
// Bytes sent to clients since the last reset (waits for connections to end), then resets.
long long bt_proxy_sent(struct bt_proxy *p);
// Waits (up to `seconds`) until the proxy serves no connection; returns 1 when it does.
int bt_proxy_idle(struct bt_proxy *p, double seconds);
void bt_proxy_stop(struct bt_proxy *p);

#endif
