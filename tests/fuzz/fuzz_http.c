// libFuzzer: the HTTP side of the playlist poll on any response a server may send. A server
// thread on 127.0.0.1 answers every connection with the fuzzer's bytes as they are (status
// line, headers, body; redirects come back to it), and the player's own code asks for a
// playlist through libcurl and reads what it keeps of the answer: the status, the validators,
// the body, the URL after redirects and the Date header's clock offset.
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <curl/curl.h>

#include "net/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static uint8_t *answer;   // a copy of the input: a late connection may come after it
static size_t answer_len;
static int port;
static struct bt_http *http;

// Answers each connection with the current input, after the request's headers.
static void *serve(void *arg)
{
    int ls = *(int *)arg;
    for (;;) {
        int s = accept(ls, NULL, NULL);
        if (s < 0)
            continue;
        char req[8192];
        size_t n = 0;
        struct pollfd pfd = {.fd = s, .events = POLLIN};
        while (n < sizeof(req) - 1 && poll(&pfd, 1, 1000) == 1) {
            ssize_t k = recv(s, req + n, sizeof(req) - 1 - n, 0);
            if (k <= 0)
                break;
            n += (size_t)k;
            req[n] = '\0';
            if (strstr(req, "\r\n\r\n"))
                break;
        }
        pthread_mutex_lock(&lock);
        size_t sent = 0;
        while (sent < answer_len) {
            ssize_t k = send(s, answer + sent, answer_len - sent, MSG_NOSIGNAL);
            if (k <= 0)
                break;
            sent += (size_t)k;
        }
        pthread_mutex_unlock(&lock);
        shutdown(s, SHUT_RDWR);
        close(s);
    }
    return NULL;
}

static void start(void)
{
    static int ls;
    ls = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t alen = sizeof(a);
    if (ls < 0 || bind(ls, (struct sockaddr *)&a, sizeof(a)) != 0 || listen(ls, 16) != 0 ||
        getsockname(ls, (struct sockaddr *)&a, &alen) != 0)
        abort();
    port = ntohs(a.sin_port);
    pthread_t t;
    if (pthread_create(&t, NULL, serve, &ls) != 0)
        abort();
    curl_global_init(CURL_GLOBAL_DEFAULT);
    struct bt_http_opts o = {.screen_id = "fuzz", .revision = "r1", .stall_timeout = 2};
    http = bt_http_create(&o);
}

// Whether the answer's headers hold an obsolete folded line (one beginning with a space or a
// tab): Debian 12's libcurl mishandles those itself (tests/fuzz/known/README.md), so they are
// left out here, where bangtin's handling is what is fuzzed.
static int folded(const uint8_t *d, size_t n)
{
    for (size_t i = 0; i + 2 < n; i++) {
        if (d[i] == '\n' && (d[i + 1] == ' ' || d[i + 1] == '\t'))
            return 1;
        if (d[i] == '\n' && (d[i + 1] == '\n' || (d[i + 1] == '\r' && d[i + 2] == '\n')))
            return 0;   // the body begins
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (folded(data, size))
        return 0;
    if (!http)
        start();
    pthread_mutex_lock(&lock);
    free(answer);
    answer = malloc(size ? size : 1);
    memcpy(answer, data, size);
    answer_len = size;
    pthread_mutex_unlock(&lock);
    char url[64], err[512];
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/playlist.json", port);
    struct bt_validators v = {0};
    char *body = NULL;
    size_t len = 0;
    bt_http_get_doc(http, url, &v, &body, &len, err, sizeof(err));
    free(body);
    // Again, conditionally, with what it kept.
    body = NULL;
    bt_http_get_doc(http, url, &v, &body, &len, err, sizeof(err));
    free(body);
    int64_t offset;
    bt_http_server_time(http, &offset);
    const char *eff = bt_http_effective_url(http);
    (void)eff;
    (void)bt_http_failure(http);
    (void)bt_http_kind(http);
    return 0;
}
