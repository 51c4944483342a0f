#!/usr/bin/env python3
"""A unit that accepts connections and never answers: the "silent unit" of bench/run.sh.

Prints "listening on 127.0.0.1:PORT" once bound (port 0: the kernel picks). Accepted sockets
are kept open, unread, until SIGTERM, so the broker's forwarder waits on them for as long as
its own deadlines allow.
"""
import signal
import socket
import sys

server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 0))
server.listen(1024)
print(f"listening on 127.0.0.1:{server.getsockname()[1]}", flush=True)
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
held = []
accepted = 0
while True:
    conn, _ = server.accept()
    held.append(conn)
    accepted += 1
    if accepted in (1, 10, 40, 100) or accepted % 1000 == 0:
        print(f"accepted {accepted} connections, answered none", flush=True)
