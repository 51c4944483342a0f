#!/usr/bin/env python3
"""Differential test of the broker's schema validation against xmllint's.

Mutants of the sample payloads (every valid message and answer in conform/data/) are validated by
`renkei validate` (the broker's own parser and Xerces-C) and by `xmllint --schema` (libxml2), and
the two verdicts compared. Each known difference is listed below with the reason one side is
wrong; any other disagreement fails the test, and so does a known difference that no longer shows
(the list must stay true).

Usage: xsd_differential.py RENKEI_BINARY [--keep DIR]
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CONFORM_NS = "urn:renkei:conform:v1"
ORACLE_SCHEMA = os.path.join(ROOT, "examples", "traffic", "schemas", "platform-all.xsd")
TIMESTAMP = "2024-06-03T10:15:42+09:00"

# Mutation kind -> (verdict of the broker, verdict of xmllint, why they differ). Verdicts are
# "valid" or "invalid". Keep the reason precise: it is the record of which side is right.
KNOWN_DIFFERENCES = {
    "text=padded-dateTime": (
        "valid", "invalid",
        "xs:dateTime has whiteSpace collapse fixed (XML Schema Part 2, 3.2.7): leading and "
        "trailing spaces are removed before the lexical check, so the broker is right; libxml2 "
        "checks the uncollapsed text"),
    "cdata-whitespace": (
        "valid", "invalid",
        "element-only content may hold whitespace characters (XML Schema Part 1, 3.4.4, clause "
        "2.3), and the infoset has no CDATA sections: whitespace written as <![CDATA[ ]]> is "
        "whitespace. libxml2 treats any CDATA node as character content"),
}

BEYOND_BMP = "\U00020BB7"  # 𠮷, two UTF-16 units, one character

TEXT_VARIANTS = {
    "empty": "",
    "padded-date": " 2024-06-03 ",
    "padded-dateTime": " 2024-06-03T10:15:42+09:00 ",
    "date-feb30": "2024-02-30",
    "date": "2024-06-03",
    "dateTime-fraction-without-digits": "2024-06-03T10:15:42.Z",
    "dateTime-second-60": "2024-06-03T10:15:60Z",
    "dateTime": "2024-06-03T10:15:42.5+09:00",
    "dateTime-hour-24": "2024-06-03T24:00:00Z",
    "digits-15": "1" * 15,
    "digits-16": "1" * 16,
    "code-A01": "A01",
    "code-Z99": "Z99",
    "code-1": "1",
    "code-0": "0",
    "negative": "-1",
}
for n in (1, 20, 21, 64, 65, 100, 101, 120, 121):
    TEXT_VARIANTS["ascii-%d" % n] = "a" * n
for n in (20, 21, 100, 101):
    TEXT_VARIANTS["kana-%d" % n] = "\u30a2" * n
for n in (20, 21, 64, 65, 100, 101, 120, 121):
    TEXT_VARIANTS["beyond-bmp-%d" % n] = BEYOND_BMP * n


def payloads():
    """(name, xml text) of every valid payload and answer in conform/data/."""
    data_dir = os.path.join(ROOT, "conform", "data")
    for file in sorted(os.listdir(data_dir)):
        if not file.endswith(".xml"):
            continue
        dataset = ET.parse(os.path.join(data_dir, file)).getroot()
        for op in dataset.iter("{%s}operation" % CONFORM_NS):
            for kind in ("valid", "answer"):
                for i, node in enumerate(op.findall("{%s}%s" % (CONFORM_NS, kind))):
                    text = (node.text or "").replace("${timestamp}", TIMESTAMP)
                    yield "%s.%s.%s%d" % (file[:-4], op.get("name"), kind, i), text


def element_paths(root):
    """(path, element, parent) in document order."""
    out = []

    def walk(element, parent, path):
        out.append((path, element, parent))
        for i, child in enumerate(list(element)):
            walk(child, element, "%s/%s[%d]" % (path, child.tag.split("}")[-1], i))

    walk(root, None, root.tag.split("}")[-1])
    return out


def mutants(name, text):
    """(mutant name, kind, xml) of one payload."""
    seen = set()

    def emit(label, kind, xml):
        if xml not in seen:
            seen.add(xml)
            yield "%s:%s:%s" % (name, label, kind), kind, xml

    yield from emit("", "original", text)
    prefixes = dict(re.findall(r'xmlns:([A-Za-z0-9_]+)="([^"]+)"', text))
    for prefix, uri in prefixes.items():
        ET.register_namespace(prefix, uri)
    for index in range(len(element_paths(ET.fromstring(text)))):
        base_root = ET.fromstring(text)
        path, element, parent = element_paths(base_root)[index]
        variants = []
        if parent is not None:
            variants.append(("delete", lambda r, e, p: p.remove(e)))
            variants.append(("duplicate",
                             lambda r, e, p: p.insert(list(p).index(e), ET.fromstring(
                                 ET.tostring(e, encoding="unicode")))))
        variants.append(("unknown-attribute", lambda r, e, p: e.set("bogus", "1")))
        variants.append(("unknown-child",
                         lambda r, e, p: e.append(ET.Element("{urn:renkei:mutant}Unknown"))))
        if len(element) == 0:
            for label, value in TEXT_VARIANTS.items():
                variants.append(("text=" + label, lambda r, e, p, v=value: setattr(e, "text", v)))
        for kind, mutate in variants:
            root = ET.fromstring(text)
            _, e, p = element_paths(root)[index]
            mutate(root, e, p)
            yield from emit(path, kind, ET.tostring(root, encoding="unicode"))
    # Whitespace in CDATA between elements is whitespace; other text there is not allowed.
    start_tag_end = text.index(">") + 1
    yield from emit("root", "cdata-whitespace",
                    text[:start_tag_end] + "<![CDATA[ \n\t]]>" + text[start_tag_end:])
    yield from emit("root", "cdata-text",
                    text[:start_tag_end] + "<![CDATA[ x ]]>" + text[start_tag_end:])


def broker_verdicts(renkei, files):
    run = subprocess.run([renkei, "validate", "--xsd", os.path.join(ROOT, "xsd")] + files,
                         capture_output=True, text=True, timeout=600)
    if run.returncode not in (0, 1):
        sys.exit("renkei validate failed (%d): %s" % (run.returncode, run.stderr.strip()))
    valid = {line.split(": valid (")[0] for line in run.stdout.splitlines() if ": valid (" in line}
    return {f: ("valid" if f in valid else "invalid") for f in files}


def oracle_verdicts(files):
    run = subprocess.run(["xmllint", "--noout", "--schema", ORACLE_SCHEMA] + files,
                         capture_output=True, text=True, timeout=600)
    verdicts = {}
    for line in run.stderr.splitlines():
        if line.endswith(" validates"):
            verdicts[line[: -len(" validates")]] = "valid"
        elif line.endswith(" fails to validate"):
            verdicts[line[: -len(" fails to validate")]] = "invalid"
    missing = [f for f in files if f not in verdicts]
    if missing:
        sys.exit("xmllint gave no verdict for %d files (first: %s); stderr ends: %s"
                 % (len(missing), missing[0], run.stderr[-500:]))
    return verdicts


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("renkei", help="the renkei binary")
    parser.add_argument("--keep", help="write the mutants into this directory and keep them")
    args = parser.parse_args()

    work = args.keep or tempfile.mkdtemp(prefix="renkei-differential-")
    os.makedirs(work, exist_ok=True)
    cases = []
    for name, text in payloads():
        for mutant, kind, xml in mutants(name, text):
            file = os.path.join(work, "m%05d.xml" % len(cases))
            with open(file, "w", encoding="utf-8") as out:
                out.write('<?xml version="1.0" encoding="UTF-8"?>\n' + xml)
            cases.append((file, mutant, kind))
    files = [c[0] for c in cases]
    print("%d mutants of %d payloads in %s" % (len(cases), len(list(payloads())), work))
    broker = broker_verdicts(args.renkei, files)
    oracle = oracle_verdicts(files)

    unexpected, seen_known = [], {}
    for file, mutant, kind in cases:
        if broker[file] == oracle[file]:
            if kind == "original" and broker[file] != "valid":
                unexpected.append("%s: a sample payload is not valid (%s)" % (mutant, file))
            continue
        known = KNOWN_DIFFERENCES.get(kind)
        if known and (broker[file], oracle[file]) == known[:2]:
            seen_known[kind] = seen_known.get(kind, 0) + 1
            continue
        unexpected.append("%s: broker says %s, xmllint says %s (%s)"
                          % (mutant, broker[file], oracle[file], file))

    agree = sum(1 for f in files if broker[f] == oracle[f])
    refused = sum(1 for f in files if broker[f] == "invalid")
    print("agree on %d of %d (%d refused by both or either); known differences: %s"
          % (agree, len(files), refused,
             ", ".join("%s x%d" % kv for kv in sorted(seen_known.items())) or "none"))
    for kind, (b, o, why) in sorted(KNOWN_DIFFERENCES.items()):
        if kind not in seen_known:
            unexpected.append("known difference %s (broker %s, xmllint %s) no longer occurs: "
                              "remove it from KNOWN_DIFFERENCES" % (kind, b, o))
    for line in unexpected[:40]:
        print("UNEXPECTED " + line)
    if len(unexpected) > 40:
        print("... and %d more" % (len(unexpected) - 40))
    if not args.keep and not unexpected:
        for f in files:
            os.remove(f)
        os.rmdir(work)
    return 1 if unexpected else 0


if __name__ == "__main__":
    sys.exit(main())
