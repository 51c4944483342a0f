#!/usr/bin/env python3
"""The broker configuration of the adapter scenes: 住基 (SOAP), its 異動 file adapter
062022/juki-batch posting the JuminIdoTsuchi topic, 国保 and 住民税 subscribed to it, and 国保's
REST client calling 住基's IdoJohoShokai with a client_secret_jwt (HS256). The same units,
topic and links as config/renkei.example.xml; used by examples/demo_adapters.sh and
bench/adapters.sh, so the demo and the bench cannot drift apart.

Usage: make_adapter_config.py OUT --root REPO --store DB --audience URL --rest-secret FILE
         --juki URL --kokuho URL --juminzei URL [--juki-batch URL] [--port P] [--workers N]
         [--tuning XML]...
--tuning: an element put after <admin> as given (<notifications …/>, <forwarding …/>, <log …/>)."""
import argparse
from xml.sax.saxutils import quoteattr

TEMPLATE = """<?xml version="1.0" encoding="UTF-8"?>
<renkei xmlns="urn:renkei:config:v1">
  <listen host="127.0.0.1" port={port} workers={workers}/>
  <store kind="sqlite" path={store}/>
  <admin enabled="false"/>
{tuning}  <schemas xsdDir={xsd} wsdlDir={wsdl}/>
  <rest audience={audience} maxClockSkewSeconds="60" maxLifetimeSeconds="3600">
    <client unit="062022/kokuho" algorithm="HS256" secretFile={secret}/>
  </rest>
  <services>
    <service name="IdoJohoShokai" version="1" wsdl="juki.wsdl">
      <request ns="urn:renkei:unit:juki:v1" element="IdoJohoShokaiRequest"/>
      <response ns="urn:renkei:unit:juki:v1" element="IdoJohoShokaiResponse"/>
    </service>
    <service name="JuminIdoTsuchi" version="1" wsdl="juki.wsdl" kind="notification">
      <request ns="urn:renkei:unit:juki:v1" element="JuminIdoTsuchi"/>
      <response ns="urn:renkei:unit:juki:v1" element="JuminIdoTsuchiUketsuke"/>
      <subject ns="urn:renkei:unit:juki:v1" element="AtenaNo"/>
    </service>
  </services>
  <units>
    <unit id="062022/juki" name="住民基本台帳システム" endpoint={juki}
          owner="米沢市 市民課" connection="plain"/>
    <unit id="062022/juki-batch" name="住民基本台帳 異動ファイル連携 (renkei-file)"
          endpoint={juki_batch} owner="米沢市 市民課" connection="plain"/>
    <unit id="062022/kokuho" name="国民健康保険システム" endpoint={kokuho}
          owner="米沢市 国保年金課" connection="plain"/>
    <unit id="062022/juminzei" name="個人住民税システム" endpoint={juminzei}
          owner="米沢市 税務課" connection="plain"/>
  </units>
  <links approver="米沢市 総務部 情報政策課長">
    <link sender="062022/juki-batch" receiver="062022/kokuho" service="JuminIdoTsuchi" version="1"
          purpose="KOKUHO-SHIKAKU" purposeName="国民健康保険の資格管理に関する事務"
          legalBasis="国民健康保険法 第9条" status="active"/>
    <link sender="062022/juki-batch" receiver="062022/juminzei" service="JuminIdoTsuchi"
          version="1" purpose="JUMINZEI-FUKA" purposeName="個人住民税の賦課に関する事務"
          legalBasis="地方税法 第294条" status="active"/>
    <link sender="062022/kokuho" receiver="062022/juki" service="IdoJohoShokai" version="1"
          purpose="KOKUHO-SHIKAKU" purposeName="国民健康保険の資格管理に関する事務"
          legalBasis="国民健康保険法 第9条、住民基本台帳法 第1条" status="active"/>
  </links>
</renkei>
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--root", required=True, help="the repository (xsd/, wsdl/)")
    parser.add_argument("--store", required=True)
    parser.add_argument("--audience", required=True)
    parser.add_argument("--rest-secret", required=True)
    parser.add_argument("--juki", required=True)
    parser.add_argument("--kokuho", required=True)
    parser.add_argument("--juminzei", required=True)
    # The batch unit only posts; its endpoint is never called (the discard port by default).
    parser.add_argument("--juki-batch", default="http://127.0.0.1:9/")
    parser.add_argument("--port", default="0")
    parser.add_argument("--workers", default="64")
    parser.add_argument("--tuning", action="append", default=[])
    args = parser.parse_args()
    text = TEMPLATE.format(
        port=quoteattr(args.port), workers=quoteattr(args.workers), store=quoteattr(args.store),
        tuning="".join("  %s\n" % element for element in args.tuning),
        xsd=quoteattr(args.root + "/xsd"), wsdl=quoteattr(args.root + "/wsdl"),
        audience=quoteattr(args.audience), secret=quoteattr(args.rest_secret),
        juki=quoteattr(args.juki), juki_batch=quoteattr(args.juki_batch),
        kokuho=quoteattr(args.kokuho), juminzei=quoteattr(args.juminzei))
    with open(args.out, "w", encoding="utf-8") as out:
        out.write(text)


if __name__ == "__main__":
    main()
