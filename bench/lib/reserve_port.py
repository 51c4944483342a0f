"""Holds a loopback port for a server a bench starts later (nginx, PostgreSQL, a federation
listener), until the bench whose pid is the argument has exited.

A port probed and released at once can be taken by any other process before the server binds it
(parallel ctest runs do bind port 0 and connect all the time). Held bound, not listening, with
SO_REUSEADDR, it goes to no other bind and no ephemeral connect, while the server, which sets
SO_REUSEADDR too (nginx, PostgreSQL and libzmq all do), can still listen on it. Prints the port.
"""
import os
import socket
import sys
import time

owner = int(sys.argv[1])
probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
probe.bind(("127.0.0.1", 0))
print(probe.getsockname()[1], flush=True)
while True:
    try:
        os.kill(owner, 0)
    except ProcessLookupError:
        break
    time.sleep(0.5)
