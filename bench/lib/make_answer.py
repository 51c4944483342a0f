#!/usr/bin/env python3
"""Builds the 64 KiB exchange's answer from a real one-record answer of the sample 住基 unit.

The largest exchange the platform schemas allow is an IdoJohoShokaiResponse carrying many
<Jumin> records (maxOccurs 100): this keeps the unit's own envelope, header and formatting and
repeats the <Jumin> element with varied fictional residents until the document reaches the
requested size (ResultCount set to match). The sample unit itself cannot answer this (its data
set has six residents and a query names one 宛名番号), so bench/run.sh replays the document
from a static backend. Usage: make_answer.py BASE.xml SIZE_BYTES OUT.xml
"""
import re
import sys

SURNAMES = [("上杉", "ウエスギ"), ("直江", "ナオエ"), ("伊達", "ダテ"), ("前田", "マエダ"),
            ("本庄", "ホンジョウ"), ("色部", "イロベ"), ("千坂", "チサカ"), ("甘粕", "アマカス")]
GIVEN = [("太郎", "タロウ"), ("花子", "ハナコ"), ("健", "ケン"), ("さくら", "サクラ"),
         ("一郎", "イチロウ"), ("美咲", "ミサキ"), ("翔太", "ショウタ"), ("陽菜", "ヒナ")]
STREETS = ["丸の内一丁目", "門東町三丁目", "城南二丁目", "中央四丁目", "東一丁目", "金池五丁目"]


def record(template: str, i: int) -> str:
    surname, surname_kana = SURNAMES[i % len(SURNAMES)]
    given, given_kana = GIVEN[(i // len(SURNAMES)) % len(GIVEN)]
    values = {
        "AtenaNo": f"{100000 + i:015d}",
        "SetaiNo": f"{200000 + i // 3:015d}",
        "Shimei": f"{surname} {given}",
        "KanaShimei": f"{surname_kana}\u3000{given_kana}",
        "SeinenGappi": f"{1940 + i % 60:04d}-{1 + i % 12:02d}-{1 + i % 28:02d}",
        "Seibetsu": "1" if i % 2 == 0 else "2",
        "Banchi": f"{STREETS[i % len(STREETS)]}{1 + i % 20}番{1 + i % 9}号",
    }
    text = template
    for name, value in values.items():
        text = re.sub(rf"(<juki:{name}>)[^<]*(</juki:{name}>)",
                      lambda m: m.group(1) + value + m.group(2), text, count=1)
    return text


def main() -> None:
    base_path, size, out_path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    base = open(base_path, encoding="utf-8").read()
    match = re.search(r"([ \t]*<juki:Jumin>.*?</juki:Jumin>\s*)", base, re.S)
    if match is None:
        sys.exit(f"make_answer: {base_path} has no <juki:Jumin> record to repeat")
    head, tail = base[:match.start()], base[match.end():]
    records = []
    while len((head + "".join(records) + tail).encode()) < size and len(records) < 100:
        records.append(record(match.group(1), len(records)))
    head = re.sub(r"<juki:ResultCount>\d+</juki:ResultCount>",
                  f"<juki:ResultCount>{len(records)}</juki:ResultCount>", head)
    open(out_path, "w", encoding="utf-8").write(head + "".join(records) + tail)


if __name__ == "__main__":
    main()
