#include "broker/core/host_header.h"

#include <gtest/gtest.h>

namespace renkei {
namespace {

TEST(HostHeader, APlainAuthorityIsAHostAndAnOptionalPort) {
  EXPECT_TRUE(isPlainAuthority("localhost"));
  EXPECT_TRUE(isPlainAuthority("broker.example.lg.jp:8080"));
  EXPECT_TRUE(isPlainAuthority("127.0.0.1:8081"));
  EXPECT_TRUE(isPlainAuthority("[::1]:8081"));
  EXPECT_TRUE(isPlainAuthority("[fe80::1]"));
  EXPECT_TRUE(isPlainAuthority("Admin.Example.LG.JP."));
  EXPECT_TRUE(isPlainAuthority(std::string(255, 'a')));
}

TEST(HostHeader, AnythingThatCouldCarryMarkupOrAPathIsNotPlain) {
  EXPECT_FALSE(isPlainAuthority(""));
  EXPECT_FALSE(isPlainAuthority("x\"/><evil"));
  EXPECT_FALSE(isPlainAuthority("x'/><evil"));
  EXPECT_FALSE(isPlainAuthority("host&amp;"));
  EXPECT_FALSE(isPlainAuthority("host/services/Other"));
  EXPECT_FALSE(isPlainAuthority("user@host"));
  EXPECT_FALSE(isPlainAuthority("host name"));
  EXPECT_FALSE(isPlainAuthority("host\r\nX-Injected: 1"));
  EXPECT_FALSE(isPlainAuthority(std::string("host\0x", 6)));
  EXPECT_FALSE(isPlainAuthority("ホスト.example"));
  EXPECT_FALSE(isPlainAuthority(std::string(256, 'a')));
}

TEST(HostHeader, TheHostNameHasNoPortCaseOrTrailingDot) {
  EXPECT_EQ(hostNameOf("LocalHost:8081"), "localhost");
  EXPECT_EQ(hostNameOf("localhost"), "localhost");
  EXPECT_EQ(hostNameOf("admin.example.lg.jp."), "admin.example.lg.jp");
  EXPECT_EQ(hostNameOf("Admin.Example.LG.JP.:443"), "admin.example.lg.jp");
  EXPECT_EQ(hostNameOf(""), "");
}

TEST(HostHeader, AnIpv6HostIsTheAddressInsideTheBrackets) {
  EXPECT_EQ(hostNameOf("[::1]:8081"), "::1");
  EXPECT_EQ(hostNameOf("[::1]"), "::1");
  EXPECT_EQ(hostNameOf("[FE80::AB]:80"), "fe80::ab");
  EXPECT_EQ(hostNameOf("[::1"), "::1") << "an unclosed bracket still names no other host";
  // Without brackets several colons are one address: none of them starts a port.
  EXPECT_EQ(hostNameOf("::1"), "::1");
  EXPECT_EQ(hostNameOf("fe80::1"), "fe80::1");
}

TEST(HostHeader, APublishedAddressUsesThePlainHostOrTheFallback) {
  EXPECT_EQ(publishedAuthority("broker.example.lg.jp:8080"), "broker.example.lg.jp:8080");
  EXPECT_EQ(publishedAuthority("[::1]:8080"), "[::1]:8080");
  EXPECT_EQ(publishedAuthority(""), "localhost");
  EXPECT_EQ(publishedAuthority("x\"/><evil"), "localhost");
  EXPECT_EQ(publishedAuthority("x\"/><evil", "127.0.0.1:8081"), "127.0.0.1:8081");
}

}  // namespace
}  // namespace renkei
