#!/usr/bin/env python3
"""Posts N JuminIdoTsuchi notifications to a broker, one at a time over a kept-alive connection,
and appends the MessageId of each one the broker acknowledged (HTTP 200 with a
NotificationReceipt) to ACKED. A post that fails (the broker was killed) is not counted and is
sent again with a new MessageId once the broker answers again; the one that was lost may still
be delivered, which is allowed (it was never acknowledged).

usage: notify_post.py HOST PORT N ACKED [SUBJECTS]
"""
import datetime
import http.client
import sys
import time
import uuid

TEMPLATE = """<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:hdr="urn:renkei:platform:header:v1" xmlns:juki="urn:renkei:unit:juki:v1">
<soapenv:Header><hdr:PlatformHeader>
<hdr:MessageId>{mid}</hdr:MessageId><hdr:Sender>062022/juki</hdr:Sender>
<hdr:Receiver>062022/subscribers</hdr:Receiver><hdr:ServiceName>JuminIdoTsuchi</hdr:ServiceName>
<hdr:ServiceVersion>1</hdr:ServiceVersion><hdr:PurposeCode>JUKI-KIROKU</hdr:PurposeCode>
<hdr:Timestamp>{ts}</hdr:Timestamp><hdr:ProtocolVersion>1.0</hdr:ProtocolVersion>
</hdr:PlatformHeader></soapenv:Header>
<soapenv:Body><juki:JuminIdoTsuchi><juki:IdoJiyu>C01</juki:IdoJiyu><juki:IdoDate>2023-03-15</juki:IdoDate>
<juki:Jumin><juki:AtenaNo>{atena}</juki:AtenaNo><juki:SetaiNo>000000000000102</juki:SetaiNo>
<juki:Shimei>直江 健</juki:Shimei><juki:KanaShimei>ナオエ　ケン</juki:KanaShimei>
<juki:SeinenGappi>1990-01-20</juki:SeinenGappi><juki:Seibetsu>1</juki:Seibetsu>
<juki:Zokugara>世帯主</juki:Zokugara><juki:Jusho><juki:Todofuken>山形県</juki:Todofuken>
<juki:Shikuchoson>米沢市</juki:Shikuchoson><juki:Banchi>門東町三丁目2番5号</juki:Banchi></juki:Jusho>
<juki:JuminShubetsu>1</juki:JuminShubetsu><juki:IdoJiyu>C01</juki:IdoJiyu><juki:IdoDate>2023-03-15</juki:IdoDate>
</juki:Jumin></juki:JuminIdoTsuchi></soapenv:Body></soapenv:Envelope>"""


def main():
    host, port, count, acked_path = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    subjects = int(sys.argv[5]) if len(sys.argv) > 5 else 50
    conn = None
    sent = 0
    deadline = time.time() + 600
    with open(acked_path, "a", buffering=1) as acked:
        while sent < count and time.time() < deadline:
            mid = str(uuid.uuid4())
            ts = datetime.datetime.now(datetime.timezone.utc).isoformat()
            body = TEMPLATE.format(mid=mid, ts=ts, atena="%015d" % (sent % subjects + 1))
            try:
                if conn is None:
                    conn = http.client.HTTPConnection(host, port, timeout=10)
                conn.request("POST", "/services/JuminIdoTsuchi", body.encode("utf-8"),
                             {"Content-Type": "text/xml; charset=utf-8",
                              "SOAPAction": '"urn:renkei:unit:juki:v1#JuminIdoTsuchi"'})
                answer = conn.getresponse()
                text = answer.read()
                if answer.status == 200 and b"NotificationReceipt" in text:
                    acked.write(mid + "\n")
                    sent += 1
                elif answer.status >= 500:
                    time.sleep(0.05)
                else:
                    sys.stderr.write("refused: %d %s\n" % (answer.status, text[:300]))
                    return 1
            except (OSError, http.client.HTTPException):
                conn = None
                time.sleep(0.05)  # the broker is down or restarting
    return 0 if sent == count else 1


if __name__ == "__main__":
    sys.exit(main())
