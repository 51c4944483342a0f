#!/usr/bin/env python3
"""Reads one wrk --latency report and prints: rps p50_ms p99_ms requests non2xx socket_errors.

rps counts only successful (2xx) answers: wrk's own Requests/sec includes the non-2xx ones, and
a broker shedding load with fast 503s would otherwise look faster than one serving it.
wrk prints latencies with their own unit (us, ms, s); everything is converted to milliseconds.
A report without a "Requests/sec" line (wrk failed) prints nothing and exits 1.
"""
import re
import sys

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * UNITS[unit]


def main() -> int:
    report = open(sys.argv[1]).read()
    rps = re.search(r"Requests/sec:\s+([\d.]+)", report)
    if rps is None:
        return 1
    p50 = re.search(r"^\s+50%\s+(\S+)", report, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", report, re.M)
    requests = re.search(r"(\d+) requests in", report)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", report)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", report)
    total = int(requests.group(1)) if requests else 0
    failed = int(non2xx.group(1)) if non2xx else 0
    ok_rps = float(rps.group(1)) * (total - failed) / total if total else 0.0
    print(f"{ok_rps:.2f}",
          f"{ms(p50.group(1)):.2f}" if p50 else "nan",
          f"{ms(p99.group(1)):.2f}" if p99 else "nan",
          requests.group(1) if requests else "0",
          non2xx.group(1) if non2xx else "0",
          sum(int(n) for n in errors.groups()) if errors else 0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
