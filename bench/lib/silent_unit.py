#!/usr/bin/env python3
"""Scenario (b), silent unit: does one unit that never answers stall callers of healthy units?

STUCK callers keep sending valid requests to the silent unit's service (each resends as soon
as the broker gives up on it); meanwhile one prober sends valid requests to a healthy unit's
service back to back for PROBE seconds, each on a fresh connection. The probes' latency
(median, p99, max) is the result; what the stuck callers got back is reported alongside.
Prints one "RESULT key=value" line after a readable summary. Exit 1 when a probe got no valid
answer or none completed.
"""
import argparse
import collections
import statistics
import sys
import threading
import time

from soap_traffic import percentile, post_once


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--stuck-path", default="/services/KazeiJohoShokai")
    ap.add_argument("--stuck-template", required=True)
    ap.add_argument("--healthy-path", default="/services/IdoJohoShokai")
    ap.add_argument("--healthy-template", required=True)
    ap.add_argument("--stuck", type=int, default=40)
    ap.add_argument("--probe-seconds", type=float, default=15.0)
    ap.add_argument("--timeout", type=float, default=60.0, help="per request")
    args = ap.parse_args()
    stuck_template = open(args.stuck_template, "rb").read()
    healthy_template = open(args.healthy_template, "rb").read()

    stop = threading.Event()
    stuck_outcomes = collections.Counter()
    stuck_ms = []

    def stuck_caller():
        while not stop.is_set():
            r = post_once(args.port, args.stuck_path, stuck_template, args.timeout)
            if not stop.is_set():
                stuck_outcomes[r.describe() if not r.ok else "answered (HTTP 200)"] += 1
                stuck_ms.append(r.ms)

    for _ in range(args.stuck):
        threading.Thread(target=stuck_caller, daemon=True).start()
    time.sleep(1.0)  # let every stuck caller reach the silent unit first

    probes, failures = [], []
    end = time.monotonic() + args.probe_seconds
    while time.monotonic() < end:
        r = post_once(args.port, args.healthy_path, healthy_template, args.timeout)
        (probes if r.ok else failures).append(r)
    stop.set()

    latencies = [r.ms for r in probes]
    median = statistics.median(latencies) if latencies else float("nan")
    p99 = percentile(latencies, 0.99) if latencies else float("nan")
    worst = max(latencies) if latencies else float("nan")
    stuck_summary = ", ".join(f"{n}x {what}" for what, n in stuck_outcomes.most_common()) or "none"
    stuck_median = statistics.median(stuck_ms) if stuck_ms else float("nan")
    print(f"silent unit: {args.stuck} callers stuck on it; they got back: {stuck_summary} "
          f"(median {stuck_median:.0f} ms)")
    print(f"healthy path meanwhile: {len(latencies)} answered, {len(failures)} failed, "
          f"median {median:.1f} ms, p99 {p99:.1f} ms, max {worst:.1f} ms")
    for r in failures[:5]:
        print(f"  healthy request failed after {r.ms:.0f} ms: {r.describe()}")
    print(f"RESULT stuck={args.stuck} probes_ok={len(latencies)} probes_failed={len(failures)} "
          f"median_ms={median:.1f} p99_ms={p99:.1f} max_ms={worst:.1f} "
          f"stuck_answers={sum(stuck_outcomes.values())} stuck_median_ms={stuck_median:.0f} "
          f"failed_max_ms={max((r.ms for r in failures), default=float('nan')):.0f} "
          f"failure={failures[0].describe().replace(' ', '_') if failures else '-'}")
    return 0 if latencies and not failures else 1


if __name__ == "__main__":
    sys.exit(main())
