#include "net/addresses.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>

#include "base/i18n.h"

void bt_net_addresses(char *buf, size_t size)
{
    struct ifaddrs *list = NULL;
    size_t used = 0;
    buf[0] = '\0';
    if (getifaddrs(&list) == 0) {
        for (int pass = 0; pass < 2; pass++) {   // IPv4 first, then IPv6
            int family = pass == 0 ? AF_INET : AF_INET6;
            for (struct ifaddrs *a = list; a; a = a->ifa_next) {
                if (!a->ifa_addr || a->ifa_addr->sa_family != family ||
                    (a->ifa_flags & IFF_LOOPBACK) || !(a->ifa_flags & IFF_UP))
                    continue;
                char addr[INET6_ADDRSTRLEN];
                const void *src;
                if (family == AF_INET) {
                    src = &((struct sockaddr_in *)(void *)a->ifa_addr)->sin_addr;
                } else {
                    const struct in6_addr *a6 =
                        &((struct sockaddr_in6 *)(void *)a->ifa_addr)->sin6_addr;
                    if (IN6_IS_ADDR_LINKLOCAL(a6))
                        continue;
                    src = a6;
                }
                if (!inet_ntop(family, src, addr, sizeof(addr)))
                    continue;
                int n = snprintf(buf + used, size - used, "%s%s (%s)", used ? ", " : "", addr,
                                 a->ifa_name);
                if (n < 0 || (size_t)n >= size - used) {
                    buf[used] = '\0';
                    break;
                }
                used += (size_t)n;
            }
        }
        freeifaddrs(list);
    }
    if (!buf[0])
        snprintf(buf, size, "%s", _("no network address"));
}
