#!/usr/bin/python3
"""A small fault-injecting HTTP proxy for bangtin's network tests, in front of nginx.

    faultproxy.py LISTEN_PORT UPSTREAM_PORT STATE_DIR

Each connection is forwarded to 127.0.0.1:UPSTREAM_PORT. The fault applied to the next
connection is read from STATE_DIR/fault (one line; "none" when missing):
    none            pass everything through
    reset:N         pass N bytes of the response, then reset the connection
    truncate:N      pass N bytes of the response, then close it cleanly
    crawl:N         pass N bytes of the response, then crawl at 50 bytes a second
    rate:N          pass the response at N bytes a second (a slow link)
A fault followed by " once" applies to the next connection only (then "none").
Each connection carries one request: it is forwarded with "Connection: close", and closed after
its response.
Bytes sent to the client are added up in STATE_DIR/sent (one number), so tests count bytes at
the proxy, not in the player; STATE_DIR/open holds how many connections are being served. The proxy stops when STATE_DIR/stop exists or after 300 s
($FAULTPROXY_LIFETIME seconds when set: a benchmark that runs longer).
"""
import os
import socket
import struct
import sys
import threading
import time

listen_port, upstream_port, state = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
lock = threading.Lock()


def fault():
    path = os.path.join(state, "fault")
    with lock:
        try:
            with open(path) as f:
                words = f.read().split()
        except OSError:
            return "none", 0
        if not words:
            return "none", 0
        if words[1:] == ["once"]:
            with open(path, "w") as f:
                f.write("none\n")
        kind, _, n = words[0].partition(":")
        return kind, int(n or 0)


open_connections = 0


def opened(delta):
    global open_connections
    with lock:
        open_connections += delta
        with open(os.path.join(state, "open.tmp"), "w") as f:
            f.write(str(open_connections))
        os.replace(os.path.join(state, "open.tmp"), os.path.join(state, "open"))


def count(n):
    with lock:
        path = os.path.join(state, "sent")
        try:
            with open(path) as f:
                total = int(f.read() or 0)
        except OSError:
            total = 0
        with open(path, "w") as f:
            f.write(str(total + n))


def serve(client):
    opened(1)
    try:
        relay(client)
    finally:
        opened(-1)


def one_request(head):
    """The request's head with its Connection header made "close" (the rest as it came)."""
    top, _, rest = head.partition(b"\r\n\r\n")
    lines = [l for l in top.split(b"\r\n") if not l.lower().startswith(b"connection:")]
    return b"\r\n".join(lines + [b"Connection: close"]) + b"\r\n\r\n" + rest


def relay(client):
    kind, limit = fault()
    up = socket.create_connection(("127.0.0.1", upstream_port))

    def upstream():
        try:
            # One request a connection: its head is sent with "Connection: close", so nginx
            # closes after the response, and so does the proxy (a client that reused the
            # connection would wait for an answer that never comes).
            head = b""
            while b"\r\n\r\n" not in head:
                data = client.recv(65536)
                if not data:
                    break
                head += data
            if b"\r\n\r\n" in head:
                up.sendall(one_request(head))
            while True:
                data = client.recv(65536)
                if not data:
                    break
                up.sendall(data)
        except OSError:
            pass
        try:  # the client is gone: so is the upstream connection (nginx keeps it alive)
            up.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    threading.Thread(target=upstream, daemon=True).start()
    sent = 0
    try:
        while True:
            data = up.recv(65536)
            if not data:
                break
            if kind == "rate":
                step = max(1, limit // 20)
                for i in range(0, len(data), step):
                    client.sendall(data[i:i + step])
                    sent += len(data[i:i + step])
                    time.sleep(0.05)
                continue
            if kind == "crawl" and sent + len(data) > limit:
                head = max(0, limit - sent)
                client.sendall(data[:head])
                sent += head
                for i in range(head, len(data), 25):
                    time.sleep(0.5)
                    client.sendall(data[i:i + 25])
                    sent += len(data[i:i + 25])
                continue
            if kind in ("reset", "truncate") and sent + len(data) >= limit:
                client.sendall(data[: limit - sent])
                sent = limit
                if kind == "reset":
                    # Wake the request reader, then close with no linger: a reset (RST).
                    client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                      struct.pack("ii", 1, 0))
                    try:
                        client.shutdown(socket.SHUT_RD)
                    except OSError:
                        pass
                    time.sleep(0.05)
                break
            client.sendall(data)
            sent += len(data)
    except OSError:
        pass
    count(sent)
    try:  # a clean close (FIN) now, though the request reader still holds the socket
        client.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    client.close()
    up.close()


def main():
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", listen_port))
    srv.listen(16)
    srv.settimeout(0.2)
    with open(os.path.join(state, "ready"), "w") as f:
        f.write("1")
    deadline = time.time() + float(os.environ.get("FAULTPROXY_LIFETIME", "300"))
    while time.time() < deadline and not os.path.exists(os.path.join(state, "stop")):
        try:
            client, _ = srv.accept()
        except socket.timeout:
            continue
        threading.Thread(target=serve, args=(client,), daemon=True).start()


main()
