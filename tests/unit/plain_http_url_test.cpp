// parsePlainHttpUrl: the http:// endpoints the plain forwarder takes, and the ones it leaves to
// libcurl.
#include "broker/transport/plain_http_url.h"

#include <gtest/gtest.h>

namespace renkei {
namespace {

TEST(PlainHttpUrlTest, TakesHostPortAndTarget) {
  const auto url = parsePlainHttpUrl("http://10.0.0.5:8080/juki/IdoJohoShokai?x=1#part");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->host, "10.0.0.5");
  EXPECT_EQ(url->port, "8080");
  EXPECT_EQ(url->authority, "10.0.0.5:8080");
  EXPECT_EQ(url->target, "/juki/IdoJohoShokai?x=1");
  EXPECT_EQ(url->origin, "http://10.0.0.5:8080");
  EXPECT_TRUE(url->numeric_host);
}

TEST(PlainHttpUrlTest, DefaultsPortAndPath) {
  const auto url = parsePlainHttpUrl("http://juki.city.example.lg.jp");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->host, "juki.city.example.lg.jp");
  EXPECT_EQ(url->port, "80");
  EXPECT_EQ(url->target, "/");
  EXPECT_FALSE(url->numeric_host);
  const auto query_only = parsePlainHttpUrl("http://127.0.0.1:18081?wsdl");
  ASSERT_TRUE(query_only);
  EXPECT_EQ(query_only->target, "/?wsdl");
}

TEST(PlainHttpUrlTest, TakesBracketedIpv6Literals) {
  const auto url = parsePlainHttpUrl("http://[::1]:18081/");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->host, "::1");
  EXPECT_EQ(url->port, "18081");
  EXPECT_EQ(url->authority, "[::1]:18081");
  EXPECT_TRUE(url->numeric_host);
}

TEST(PlainHttpUrlTest, LeavesEverythingElseToLibcurl) {
  for (const char* url : {"https://127.0.0.1/", "HTTP://127.0.0.1/", "http://", "http:///x",
                          "http://user:pw@127.0.0.1/", "http://127.0.0.1:0/",
                          "http://127.0.0.1:99999/", "http://127.0.0.1:80x/", "http://[::1/",
                          "http://a b/", "http://127.0.0.1/a b", "file:///etc/passwd"}) {
    EXPECT_FALSE(parsePlainHttpUrl(url)) << url;
  }
}

}  // namespace
}  // namespace renkei
