#!/usr/bin/env python3
"""Scenario (a), slow clients: do slowloris and idle keep-alive connections starve new callers?

1. N slowloris connections: a request line, then one header line every TRICKLE seconds, never
   finishing the headers. One the server closes is reopened (an attacker would), and counted.
2. M idle keep-alive connections, as vendor connection pools hold them: each sends one valid
   request (answer awaited at most IDLE_WAIT seconds), then stays open and silent.
3. F fresh callers, each on a new connection with one valid request, started SPACING s apart
   while 1 and 2 hold on; their latency (median, max) is the result.
Prints one "key=value" line (read by run.sh) after a readable summary. Exit 1 when a fresh
caller got no valid answer (timeout, error, non-200 or SOAP Fault).
"""
import argparse
import http.client
import select
import socket
import statistics
import sys
import threading
import time

from soap_traffic import fresh_body, post, post_once


def open_slow(port: int, path: str):
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.sendall(f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n".encode())
    return s


def still_open(conn: http.client.HTTPConnection) -> bool:
    """An idle connection the server has not closed: no socket error, no EOF waiting to be read."""
    if conn.sock is None:
        return False
    try:
        readable, _, _ = select.select([conn.sock], [], [], 0)
        return not readable or conn.sock.recv(1, socket.MSG_PEEK) != b""
    except OSError:
        return False


def server_gave_up(sock: socket.socket) -> bool:
    """The server closed a slowloris connection or answered it (a timeout reply): anything to
    read means it stopped waiting. Checked before each send, because a send into a connection
    the peer has just closed still succeeds locally and would hide the close for a round."""
    try:
        readable, _, _ = select.select([sock], [], [], 0)
        return bool(readable)
    except (OSError, ValueError):
        return True


def trickle(slow, port, path, every, stop, stats):
    """One more header line per connection every `every` seconds; reopens closed ones."""
    line = 0
    while not stop.wait(every):
        line += 1
        for i, s in enumerate(slow):
            if not server_gave_up(s):
                try:
                    s.sendall(f"X-Slow-{line}: {line}\r\n".encode())
                    continue
                except OSError:
                    pass
            stats["closed"] += 1
            try:
                s.close()
                slow[i] = open_slow(port, path)
            except OSError:
                stats["reopen_failed"] += 1


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--path", default="/services/IdoJohoShokai")
    ap.add_argument("--template", required=True)
    ap.add_argument("--slow", type=int, default=64)
    ap.add_argument("--idle", type=int, default=512)
    ap.add_argument("--fresh", type=int, default=20)
    ap.add_argument("--trickle", type=float, default=5.0, help="seconds between header lines")
    ap.add_argument("--idle-wait", type=float, default=5.0)
    ap.add_argument("--timeout", type=float, default=10.0, help="per fresh caller")
    ap.add_argument("--spacing", type=float, default=0.5,
                    help="seconds between fresh callers: spread over two trickles and past the "
                         "broker's request deadline, so they meet slowloris at every stage")
    args = ap.parse_args()
    template = open(args.template, "rb").read()
    threading.stack_size(256 * 1024)  # hundreds of threads, each only waits on one socket

    slow = [open_slow(args.port, args.path) for _ in range(args.slow)]
    stop = threading.Event()
    stats = {"closed": 0, "reopen_failed": 0}
    trickler = threading.Thread(target=trickle, daemon=True,
                                args=(slow, args.port, args.path, args.trickle, stop, stats))
    trickler.start()

    idle = []
    idle_answered = []

    def first_request():
        conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=args.idle_wait)
        idle.append(conn)
        if post(conn, args.path, fresh_body(template)).ok:
            idle_answered.append(conn)

    # Pools ramp up over about a second rather than in one burst of 512 requests.
    openers = [threading.Thread(target=first_request, daemon=True) for _ in range(args.idle)]
    for t in openers:
        t.start()
        time.sleep(1.0 / max(args.idle, 1))
    for t in openers:
        t.join(args.idle_wait + 5)
    idle_open = sum(1 for c in idle if still_open(c))

    results = [None] * args.fresh

    def fresh(i):
        results[i] = post_once(args.port, args.path, template, args.timeout)

    callers = []
    for i in range(args.fresh):
        callers.append(threading.Thread(target=fresh, args=(i,), daemon=True))
        callers[-1].start()
        time.sleep(args.spacing)
    for t in callers:
        t.join(args.timeout + 5)
    stop.set()
    trickler.join(5)
    # Closes since the last trickle round count too (the request deadline may fall between).
    stats["closed"] += sum(1 for s in slow if server_gave_up(s))

    done = [r for r in results if r is not None]
    failed = [r for r in done if not r.ok] + [None] * (args.fresh - len(done))
    latencies = [r.ms for r in done if r.ok]
    median = statistics.median(latencies) if latencies else float("nan")
    worst = max(latencies) if latencies else float("nan")
    print(f"slow clients: {args.slow} slowloris (one header line every {args.trickle:g} s; "
          f"{stats['closed']} closed by the server and reopened), {len(idle)} idle keep-alive "
          f"({len(idle_answered)} answered their first request within {args.idle_wait:g} s, "
          f"{idle_open} still open when the fresh callers started)")
    print(f"fresh callers: {len(latencies)}/{args.fresh} answered, median {median:.1f} ms, "
          f"max {worst:.1f} ms")
    for r in failed[:5]:
        print("  fresh caller failed: " + (r.describe() if r else "no answer"), file=sys.stderr)
    print(f"RESULT slow={args.slow} idle={args.idle} idle_answered={len(idle_answered)} "
          f"idle_open={idle_open} slow_closed={stats['closed']} fresh={args.fresh} fresh_ok={len(latencies)} "
          f"median_ms={median:.1f} max_ms={worst:.1f}")
    for s in slow:
        s.close()
    for c in idle:
        c.close()
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())
