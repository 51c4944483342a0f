#!/usr/bin/env python3
"""One valid request (fresh MessageId and Timestamp) to a server; the answer body to OUT.

  post_one.py PORT PATH TEMPLATE [OUT]
Exit 0 on HTTP 200 without a SOAP Fault; otherwise prints what came back and exits 1. run.sh
uses it to check that each server answers real traffic before it is measured.
"""
import sys

from soap_traffic import post_once

port, path, template = int(sys.argv[1]), sys.argv[2], open(sys.argv[3], "rb").read()
outcome = post_once(port, path, template, timeout=30)
if not outcome.ok:
    print(f"{outcome.describe()} from 127.0.0.1:{port}{path}: "
          f"{outcome.body[:600].decode(errors='replace')}", file=sys.stderr)
    sys.exit(1)
if len(sys.argv) > 4:
    with open(sys.argv[4], "wb") as out:
        out.write(outcome.body)
