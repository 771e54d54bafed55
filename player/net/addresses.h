// The machine's own network addresses, for a person to read (the status card). Any thread.
#ifndef BT_NET_ADDRESSES_H
#define BT_NET_ADDRESSES_H

#include <stddef.h>

// The machine's addresses, IPv4 first, loopback and link-local left out, comma separated, each
// with its interface: "192.168.1.20 (eth0)"; a "no network address" text when there are none.
void bt_net_addresses(char *buf, size_t size);

#endif
