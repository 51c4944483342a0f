#!/usr/bin/env python3
"""Cross-cloud against local 照会 latency through broker A, in the same run: N sequential
exchanges of each, interleaved (cross, local, cross, ...) so both see the same machine load,
each kind on its own kept-alive connection. Cross-cloud: 住基 (cloud A) asks 国保 (cloud B),
unit -> A -> B -> unit. Local: 住民税 asks 住基, both of cloud A, unit -> A -> unit.

usage: federation_latency.py PORT_A N WARMUP TRAFFIC_DIR
Prints "kind n p50_ms p99_ms max_ms" for cross and local, then "added p50_ms p99_ms". Exits 1
when any exchange is not answered 200 without a fault (the outcome is printed).
"""
import http.client
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from soap_traffic import fresh_body, post  # noqa: E402


def with_text(body: bytes, local: str, text: str) -> bytes:
    pattern = re.compile(rb"(<hdr:" + local.encode() + rb">)[^<]*(</hdr:" + local.encode() + rb">)")
    return pattern.sub(lambda m: m.group(1) + text.encode() + m.group(2), body, count=1)


def percentile(samples, q):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def main() -> int:
    port, n, warmup, traffic = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    cross_template = open(os.path.join(traffic, "shikaku-joho-shokai.juki-to-kokuho.xml"), "rb").read()
    local_template = open(os.path.join(traffic, "ido-joho-shokai.kokuho-to-juki.xml"), "rb").read()
    local_template = with_text(local_template, "Sender", "062022/juminzei")
    local_template = local_template.replace(b"KOKUHO-SHIKAKU", b"JUMINZEI-FUKA")
    kinds = {
        "cross": ("/services/ShikakuJohoShokai", cross_template),
        "local": ("/services/IdoJohoShokai", local_template),
    }
    conns = {k: http.client.HTTPConnection("127.0.0.1", port, timeout=10) for k in kinds}
    samples = {k: [] for k in kinds}
    for i in range(warmup + n):
        for kind, (path, template) in kinds.items():
            outcome = post(conns[kind], path, fresh_body(template))
            if not outcome.ok:
                print(f"{kind} exchange {i}: {outcome.describe()} {outcome.body[:400]!r}",
                      file=sys.stderr)
                return 1
            if i >= warmup:
                samples[kind].append(outcome.ms)
    for kind in kinds:
        s = samples[kind]
        print(f"{kind} {len(s)} {percentile(s, 0.5):.2f} {percentile(s, 0.99):.2f} {max(s):.2f}")
    print("added {:.2f} {:.2f}".format(
        percentile(samples["cross"], 0.5) - percentile(samples["local"], 0.5),
        percentile(samples["cross"], 0.99) - percentile(samples["local"], 0.99)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
