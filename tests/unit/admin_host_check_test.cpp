#include "broker/admin/host_check.h"

#include <gtest/gtest.h>

namespace renkei::admin {
namespace {

TEST(AdminHostCheck, TheHostNameIsComparedWithoutPortOrCase) {
  EXPECT_EQ(hostNameOf("LocalHost:8081"), "localhost");
  EXPECT_EQ(hostNameOf("[::1]:8081"), "::1");
  EXPECT_EQ(hostNameOf("::1"), "::1");
  EXPECT_EQ(hostNameOf("admin.example.lg.jp."), "admin.example.lg.jp");
  const std::vector<std::string> allowed = {"localhost", "127.0.0.1", "::1", "admin.renkei.lg.jp"};
  EXPECT_TRUE(isAllowedHost("127.0.0.1:8081", allowed));
  EXPECT_TRUE(isAllowedHost("[::1]:8081", allowed));
  EXPECT_TRUE(isAllowedHost("ADMIN.renkei.lg.jp", allowed));
}

TEST(AdminHostCheck, ARebindingNameOrNoHostIsRefused) {
  const std::vector<std::string> allowed = {"localhost", "127.0.0.1"};
  EXPECT_FALSE(isAllowedHost("attacker.example:8081", allowed));
  EXPECT_FALSE(isAllowedHost("localhost.attacker.example", allowed));
  EXPECT_FALSE(isAllowedHost("", allowed));
}

}  // namespace
}  // namespace renkei::admin
