// The admin web view's §23 records page: the gateway's TeikyoKirokuShokai answer read, and the
// page made from it (broker/admin/mynumber_records_client.h, web_mynumber_records_page.cpp).
#include <gtest/gtest.h>

#include "broker/admin/mynumber_records_client.h"
#include "broker/admin/web_pages.h"

namespace renkei::admin {
namespace {

constexpr const char* kAnswer = R"(<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"
  xmlns:mng="urn:renkei:mynumber:gateway:v1"><SOAP-ENV:Body><mng:TeikyoKirokuShokaiResponse>
<mng:Kiroku><mng:ShokaiNo>6f1c2d3e-0000-4000-8000-000000000001</mng:ShokaiNo>
<mng:ShokaishaCode>062022</mng:ShokaishaCode><mng:TeikyoshaCode>062014</mng:TeikyoshaCode>
<mng:JimuCode>JM0030</mng:JimuCode><mng:TokuteiKojinJohoMeiCode>TM00000000000021</mng:TokuteiKojinJohoMeiCode>
<mng:TokuteiKojinJohoMeiCode>TM00000000000002</mng:TokuteiKojinJohoMeiCode>
<mng:ShokaiDateTime>2026-06-03T01:15:42Z</mng:ShokaiDateTime>
<mng:TeikyoDateTime>2026-06-03T01:15:43Z</mng:TeikyoDateTime><mng:Kekka>一部不開示</mng:Kekka></mng:Kiroku>
<mng:Kiroku><mng:ShokaiNo>6f1c2d3e-0000-4000-8000-000000000002</mng:ShokaiNo>
<mng:ShokaishaCode>062014</mng:ShokaishaCode><mng:TeikyoshaCode>062022</mng:TeikyoshaCode>
<mng:JimuCode>JM0030</mng:JimuCode><mng:TokuteiKojinJohoMeiCode>TM00000000000004</mng:TokuteiKojinJohoMeiCode>
<mng:ShokaiDateTime>2026-06-04T02:00:00Z</mng:ShokaiDateTime><mng:Kekka>拒否</mng:Kekka></mng:Kiroku>
</mng:TeikyoKirokuShokaiResponse></SOAP-ENV:Body></SOAP-ENV:Envelope>)";

TEST(MyNumberRecordsPage, TheGatewaysAnswerIsReadRecordByRecord) {
  const DisclosureAnswer answer = parseDisclosure(kAnswer);
  ASSERT_FALSE(answer.error) << *answer.error;
  ASSERT_EQ(answer.records.size(), 2u);
  EXPECT_EQ(answer.records[0].requester, "062022");
  EXPECT_EQ(answer.records[0].items.size(), 2u);
  EXPECT_EQ(answer.records[0].result, "一部不開示");
  EXPECT_EQ(answer.records[1].provided_at, "");
}

TEST(MyNumberRecordsPage, AFaultOrAnythingElseIsAnErrorNotAnEmptyList) {
  const DisclosureAnswer fault = parseDisclosure(
      "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><s:Fault>"
      "<faultcode>s:Client</faultcode><faultstring>Receiver x is not this unit</faultstring>"
      "</s:Fault></s:Body></s:Envelope>");
  ASSERT_TRUE(fault.error);
  EXPECT_EQ(*fault.error, "the gateway refused: Receiver x is not this unit");
  EXPECT_TRUE(parseDisclosure("<html>proxy error</html>").error);
  EXPECT_TRUE(parseDisclosure("not xml").error);
  EXPECT_TRUE(parseDisclosure("<!DOCTYPE x [<!ENTITY e \"e\">]><x>&e;</x>").error);
}

TEST(MyNumberRecordsPage, ThePageShowsBothInstitutionsAndJstTimes) {
  const std::string page = mynumberRecordsBody("000000000000101", parseDisclosure(kAnswer).records);
  EXPECT_NE(page.find("<td>062022</td><td>062014</td><td>JM0030</td>"
                      "<td>TM00000000000021 TM00000000000002</td>"
                      "<td>2026-06-03 10:15:42 +09:00</td>"),
            std::string::npos)
      << page;
  EXPECT_NE(page.find("<td>—</td><td class=\"result\">拒否</td>"), std::string::npos) << page;
  EXPECT_NE(page.find("2 件 record(s)"), std::string::npos) << page;
}

TEST(MyNumberRecordsPage, APersonIsFifteenDigits) {
  EXPECT_TRUE(isAtenaNo("000000000000101"));
  EXPECT_FALSE(isAtenaNo("123456789018"));
  EXPECT_FALSE(isAtenaNo("00000000000010a"));
  EXPECT_FALSE(isAtenaNo(""));
}

}  // namespace
}  // namespace renkei::admin
