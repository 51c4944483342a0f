#!/usr/bin/env python3
"""Counts what the receivers got against what the broker acknowledged.

usage: notify_count.py ACKED DB RECEIVER_LOG... ; prints
  acked=A delivered=D expected=A*3 lost=L duplicates=X
delivered: acknowledged (notification, receiver) pairs received at least once; lost: expected -
delivered; duplicates: copies a receiver got AFTER the broker had recorded its acknowledgement
(a receipt later than the delivery's done time). A copy in flight when the broker was killed
may arrive again before it is done (at-least-once; receivers deduplicate by MessageId): that is
counted on a second line as redelivered, not as a duplicate. Also fails when a copy marked done lacks the
audit record of its acknowledged attempt.
"""
import collections
import sqlite3
import sys


def main():
    acked_path, db_path, logs = sys.argv[1], sys.argv[2], sys.argv[3:]
    acked = [line.strip() for line in open(acked_path) if line.strip()]
    receivers = []
    receipts = collections.defaultdict(list)  # (message id, receiver) -> [ms]
    for path in logs:
        for line in open(path):
            parts = line.split()
            if len(parts) < 3:
                continue
            ms, name, mid = int(parts[0]), parts[1], parts[2]
            receipts[(mid, name)].append(ms)
            if name not in receivers:
                receivers.append(name)
    db = sqlite3.connect("file:%s?mode=ro" % db_path, uri=True)
    done_at = {}
    for mid, receiver, finished in db.execute(
            "SELECT n.message_id, d.receiver, d.finished_ms FROM deliveries d JOIN notifications n "
            "ON n.id = d.notification_id WHERE d.state = 'done'"):
        done_at[(mid, receiver.split("/")[-1])] = finished
    names = [p.split("/")[-1].split(".")[0] for p in logs]
    expected = len(acked) * len(names)
    delivered = duplicates = redelivered = 0
    for mid in acked:
        for name in names:
            times = receipts.get((mid, name), [])
            if times:
                delivered += 1
            done = done_at.get((mid, name))
            after = [t for t in times if done is not None and t > done]
            duplicates += len(after)
            redelivered += max(0, len(times) - 1 - len(after))
    # Every copy marked done has the audit record of the attempt that was acknowledged.
    audited = set(row[0] for row in db.execute(
        "SELECT case_reference FROM audit WHERE outcome = 'routed' "
        "AND case_reference LIKE 'delivery %'"))
    unaudited = 0
    for delivery_id, attempts in db.execute(
            "SELECT id, attempts FROM deliveries WHERE state = 'done'"):
        if "delivery %d attempt %d" % (delivery_id, attempts) not in audited:
            unaudited += 1
    lost = expected - delivered
    print("acked=%d delivered=%d expected=%d lost=%d duplicates=%d"
          % (len(acked), delivered, expected, lost, duplicates))
    sys.stderr.write("redelivered (in flight at the crash, deduplicated by MessageId): %d; "
                     "done copies without their audit record: %d\n" % (redelivered, unaudited))
    return 0 if lost == 0 and duplicates == 0 and unaudited == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
