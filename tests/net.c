#include "net.h"

#include "test.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test.h"

int bt_net_free_port(void)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof(a);
    if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof(a)) != 0 ||
        getsockname(s, (struct sockaddr *)&a, &len) != 0)
        exit(1);
    close(s);
    return ntohs(a.sin_port);
}

int bt_net_port_open(int port)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_port = htons((uint16_t)port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    int ok = connect(s, (struct sockaddr *)&a, sizeof(a)) == 0;
    close(s);
    return ok;
}

static int write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    int ok = fwrite(data, 1, len, f) == len;
    return fclose(f) == 0 && ok ? 0 : -1;
}

static int start(struct bt_nginx *n, const char *dir, const char *tls, const char *extra)
{
    char conf[16384], path[900], cmd[2000];
    snprintf(n->dir, sizeof(n->dir), "%s", dir);
    snprintf(cmd, sizeof(cmd), "mkdir -p %s/www %s/tmp", dir, dir);
    if (system(cmd) != 0)
        return -1;
    n->port = bt_net_free_port();
    snprintf(conf, sizeof(conf),
             "daemon off; master_process off; worker_processes 1;\n"
             "pid %s/nginx.pid; error_log %s/error.log;\n"
             "events { worker_connections 64; }\n"
             "http {\n"
             "  log_format t '$request|$status|$http_range|$http_if_range|$http_if_none_match|"
             "$body_bytes_sent|$http_user_agent';\n"
             "  access_log %s/access.log t;\n"
             "  client_body_temp_path %s/tmp; proxy_temp_path %s/tmp; fastcgi_temp_path %s/tmp;\n"
             "  uwsgi_temp_path %s/tmp; scgi_temp_path %s/tmp;\n"
             "  server { listen 127.0.0.1:%d%s; root %s/www; etag on;\n%s\n  }\n"
             "}\n",
             dir, dir, dir, dir, dir, dir, dir, dir, n->port, tls ? tls : "", dir,
             extra ? extra : "");
    snprintf(path, sizeof(path), "%s/nginx.conf", dir);
    if (write_file(path, conf, strlen(conf)) != 0)
        return -1;
    n->pid = fork();
    if (n->pid == 0) {
        unsetenv("LD_PRELOAD");   // the ASan run's preload is for bangtin, not nginx
        execl("/usr/sbin/nginx", "nginx", "-c", path, "-p", dir, (char *)NULL);
        _exit(127);
    }
    for (int i = 0; i < 100 && !bt_net_port_open(n->port); i++)
        usleep(50000);
    return bt_net_port_open(n->port) ? 0 : -1;
}

int bt_nginx_restart(struct bt_nginx *n)
{
    char path[900];
    snprintf(path, sizeof(path), "%s/nginx.conf", n->dir);
    n->pid = fork();
    if (n->pid == 0) {
        unsetenv("LD_PRELOAD");
        execl("/usr/sbin/nginx", "nginx", "-c", path, "-p", n->dir, (char *)NULL);
        _exit(127);
    }
    for (int i = 0; i < 100 && !bt_net_port_open(n->port); i++)
        usleep(50000);
    return bt_net_port_open(n->port) ? 0 : -1;
}

int bt_nginx_start(struct bt_nginx *n, const char *dir, const char *extra)
{
    return start(n, dir, NULL, extra);
}

int bt_nginx_start_tls(struct bt_nginx *n, const char *dir, const char *cert, const char *key,
                       const char *extra)
{
    char tls[2000];
    snprintf(tls, sizeof(tls), " ssl; ssl_certificate %s; ssl_certificate_key %s", cert, key);
    return start(n, dir, tls, extra);
}

void bt_nginx_stop(struct bt_nginx *n)
{
    if (n->pid > 0) {
        kill(n->pid, SIGTERM);
        waitpid(n->pid, NULL, 0);
        n->pid = 0;
    }
}

static const char *find_line(const struct bt_nginx *n, const char *part, int nth)
{
    static char line[2048];
    char file[800];
    snprintf(file, sizeof(file), "%s/access.log", n->dir);
    FILE *f = fopen(file, "r");
    int seen = 0;
    const char *found = NULL;
    while (f && fgets(line, sizeof(line), f)) {
        if (strstr(line, part) && seen++ == nth) {
            found = line;
            break;
        }
    }
    if (f)
        fclose(f);
    return found;
}

const char *bt_nginx_log_line(const struct bt_nginx *n, const char *part, int nth)
{
    const char *l = NULL;
    for (int i = 0; i < 40 && !(l = find_line(n, part, nth)); i++)
        usleep(50000);
    return l;
}

int bt_nginx_log_count(const struct bt_nginx *n, const char *part, const char *also)
{
    int count = 0;
    const char *l;
    for (int i = 0; (l = find_line(n, part, i)); i++)
        count += !also || strstr(l, also) != NULL;
    return count;
}

void bt_nginx_put(const struct bt_nginx *n, const char *name, const void *data, size_t len)
{
    char path[1200];
    snprintf(path, sizeof(path), "%s/www/%s", n->dir, name);
    if (write_file(path, data, len) != 0) {
        fprintf(stderr, "cannot write %s\n", path);
        exit(1);
    }
}

int bt_proxy_start(struct bt_proxy *p, const struct bt_nginx *n)
{
    char cmd[1000];
    p->port = bt_net_free_port();
    snprintf(p->state, sizeof(p->state), "%s/proxy-%d", n->dir, p->port);
    snprintf(cmd, sizeof(cmd), "mkdir -p %s", p->state);
    if (system(cmd) != 0)
        return -1;
    p->pid = fork();
    if (p->pid == 0) {
        unsetenv("LD_PRELOAD");
        char a1[16], a2[16], script[800];
        snprintf(a1, sizeof(a1), "%d", p->port);
        snprintf(a2, sizeof(a2), "%d", n->port);
        snprintf(script, sizeof(script), "%s/tests/faultproxy.py", BT_SOURCE_DIR);
        execl("/usr/bin/python3", "python3", script, a1, a2, p->state, (char *)NULL);
        _exit(127);
    }
    for (int i = 0; i < 100 && !bt_net_port_open(p->port); i++)
        usleep(50000);
    return bt_net_port_open(p->port) ? p->port : -1;
}

static void proxy_file(struct bt_proxy *p, const char *name, const char *text)
{
    char path[900];
    snprintf(path, sizeof(path), "%s/%s", p->state, name);
    write_file(path, text, strlen(text));
}

void bt_proxy_fault(struct bt_proxy *p, const char *fault)
{
    proxy_file(p, "fault", fault);
}

long long bt_proxy_sent(struct bt_proxy *p)
{
    char path[900];
    snprintf(path, sizeof(path), "%s/sent", p->state);
    long long bytes = 0;
    for (int i = 0; i < 40 && bytes <= 0; i++) {   // the proxy counts when a connection ends
        char *sent = bt_test_read(path);
        bytes = sent ? atoll(sent) : 0;
        free(sent);
        if (bytes <= 0)
            usleep(50000);
    }
    proxy_file(p, "sent", "0");
    return bytes;
}

int bt_proxy_idle(struct bt_proxy *p, double seconds)
{
    char path[900];
    snprintf(path, sizeof(path), "%s/open", p->state);
    int64_t deadline = bt_test_deadline(seconds);
    for (;;) {
        char *open = bt_test_read(path);
        int idle = !open || atoi(open) == 0;
        free(open);
        if (idle)
            return 1;
        if (bt_test_past(deadline))
            return 0;
        usleep(20000);
    }
}

void bt_proxy_stop(struct bt_proxy *p)
{
    if (p->pid > 0) {
        proxy_file(p, "stop", "1");
        int i = 0;
        while (waitpid(p->pid, NULL, WNOHANG) == 0) {
            if (++i == 40)   // 2 s (its folder may be gone): stop it outright
                kill(p->pid, SIGTERM);
            usleep(50000);
        }
        p->pid = 0;
    }
}
