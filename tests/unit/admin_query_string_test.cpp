#include <gtest/gtest.h>

#include "broker/admin/html.h"
#include "broker/admin/query_string.h"

namespace renkei::admin {
namespace {

TEST(AdminQueryString, SplitsPathAndDecodesParameters) {
  const RequestTarget target =
      parseRequestTarget("/?status=active&sender=062022%2Fkokuho&service=Ido+Joho&empty=&flag");
  EXPECT_EQ(target.path, "/");
  EXPECT_EQ(target.params.at("status"), "active");
  EXPECT_EQ(target.params.at("sender"), "062022/kokuho");
  EXPECT_EQ(target.params.at("service"), "Ido Joho");
  EXPECT_EQ(target.params.at("empty"), "");
  EXPECT_EQ(target.params.at("flag"), "");
}

TEST(AdminQueryString, DecodesUtf8AndKeepsMalformedEscapesAsText) {
  EXPECT_EQ(percentDecode("%E7%B1%B3%E6%B2%A2", false), "米沢");
  EXPECT_EQ(percentDecode("100%", false), "100%");
  EXPECT_EQ(percentDecode("%zz%4", false), "%zz%4");
  EXPECT_EQ(percentDecode("a+b", false), "a+b");
  EXPECT_EQ(parseRequestTarget("/links/%37").path, "/links/7");
}

TEST(AdminQueryString, EmptyAndRepeatedParameters) {
  EXPECT_TRUE(parseRequestTarget("/refused?").params.empty());
  EXPECT_TRUE(parseRequestTarget("/?&&").params.empty());
  EXPECT_EQ(parseRequestTarget("/?tenant=1&tenant=062022").params.at("tenant"), "062022");
}

TEST(AdminHtml, EscapesMarkupAndDropsControlCharacters) {
  EXPECT_EQ(htmlEscape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  EXPECT_EQ(htmlEscape(std::string("a\x01"
                                   "b\x7f"
                                   "c\n",
                                   6)),
            "abc\n");
  EXPECT_EQ(htmlEscape("国民健康保険法 第9条"), "国民健康保険法 第9条");
}

TEST(AdminHtml, UrlEncodesEverythingButUnreservedBytes) {
  EXPECT_EQ(urlEncode("062022/juki"), "062022%2Fjuki");
  EXPECT_EQ(urlEncode("米"), "%E7%B1%B3");
  EXPECT_EQ(urlEncode("a-b_c.d~"), "a-b_c.d~");
}

TEST(AdminHtml, PageIsUtf8HtmlWithoutScripts) {
  const std::string page = renderPage("連携 <1>", "<p>body</p>");
  EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(page.find("<meta charset=\"utf-8\">"), std::string::npos);
  EXPECT_NE(page.find("<h1>連携 &lt;1&gt;</h1>"), std::string::npos);
  EXPECT_NE(page.find("<p>body</p>"), std::string::npos);
  EXPECT_EQ(page.find("<script"), std::string::npos);
}

}  // namespace
}  // namespace renkei::admin
