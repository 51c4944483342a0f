#!/usr/bin/env python3
"""A nightly 住民異動 file as a legacy 住基 system exports it: fixed width (the 320-byte
adapters/file/layouts/juki-ido.xml record), CP932, CRLF. Used by examples/demo_adapters.sh and
bench/adapters.sh, so both feed renkei-file the bytes a real export would have.

--demo adds what a real night brings: record 3's 氏名 starts with the vendor 外字 F040 (𠮷 in
adapters/file/layouts/gaiji-yonezawa.txt), record 4 is cut short by a broken export and
record 5 carries 平成31年5月1日, a date that never existed (平成 ended on 4月30日).
Usage: make_ido_file.py OUT --records N [--demo] [--first ATENA]"""
import argparse

LENGTH = 320
# (offset, length) of each field of juki-ido.xml, in bytes.
FIELDS = {
    "AtenaNo": (0, 15), "SetaiNo": (15, 15), "IdoJiyu": (30, 3), "IdoDate": (33, 7),
    "TodokedeDate": (40, 8), "Shimei": (48, 40), "KanaShimei": (88, 40),
    "SeinenGappi": (128, 7), "Seibetsu": (135, 1), "Zokugara": (136, 20),
    "JuminShubetsu": (156, 1), "Todofuken": (157, 10), "Shikuchoson": (167, 24),
    "Banchi": (191, 60), "Katagaki": (251, 60),
}
PEOPLE = [  # 氏名, カナ (half width, as legacy exports have it), 生年月日 (和暦), 性別
    ("直江　健", "ﾅｵｴ ｹﾝ", "4020120", "1"),
    ("上杉　景子", "ｳｴｽｷﾞ ｹｲｺ", "3551103", "2"),
    ("田　花子", "ﾖｼﾀﾞ ﾊﾅｺ", "3480707", "2"),  # record 3 of --demo: 外字 F040 before 田
    ("伊達　正宗", "ﾀﾞﾃ ﾏｻﾑﾈ", "4101231", "1"),
    ("前田　慶次", "ﾏｴﾀﾞ ｹｲｼﾞ", "5010501", "1"),
]


def record(n, atena, demo):
    shimei, kana, birth, sex = PEOPLE[(n - 1) % len(PEOPLE)]
    values = {
        "AtenaNo": atena.encode(), "SetaiNo": b"%015d" % (100000 + n),
        "IdoJiyu": b"C01", "IdoDate": b"5080601", "TodokedeDate": b"20260602",
        "Shimei": shimei.encode("cp932"), "KanaShimei": kana.encode("cp932"),
        "SeinenGappi": birth.encode(), "Seibetsu": sex.encode(),
        "Zokugara": "世帯主".encode("cp932"), "JuminShubetsu": b"1",
        "Todofuken": "山形県".encode("cp932"), "Shikuchoson": "米沢市".encode("cp932"),
        "Banchi": "門東町三丁目2番5号".encode("cp932"),
        "Katagaki": "コーポ門東201号室".encode("cp932"),
    }
    if demo and n == 3:
        values["Shimei"] = b"\xf0\x40" + values["Shimei"]
    if demo and n == 5:
        values["IdoDate"] = b"4310501"
    out = bytearray(b" " * LENGTH)
    for name, data in values.items():
        offset, length = FIELDS[name]
        assert len(data) <= length, name
        out[offset:offset + len(data)] = data
    if demo and n == 4:
        del out[300:]
    return bytes(out) + b"\r\n"


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out")
    p.add_argument("--records", type=int, default=6)
    p.add_argument("--demo", action="store_true")
    p.add_argument("--first", type=int, default=1, help="宛名番号 of the first record")
    a = p.parse_args()
    with open(a.out, "wb") as f:
        for n in range(1, a.records + 1):
            f.write(record(n, "%015d" % (a.first + n - 1), a.demo))


if __name__ == "__main__":
    main()
