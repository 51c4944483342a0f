#include "broker/admin/host_check.h"

#include <gtest/gtest.h>

namespace renkei::admin {
namespace {

// How a host name is read from the header: tests/unit/host_header_test.cpp.
TEST(AdminHostCheck, TheHostNameIsComparedWithoutPortOrCase) {
  const std::vector<std::string> allowed = {"localhost", "127.0.0.1", "::1", "admin.renkei.lg.jp"};
  EXPECT_TRUE(isAllowedHost("127.0.0.1:8081", allowed));
  EXPECT_TRUE(isAllowedHost("[::1]:8081", allowed));
  EXPECT_TRUE(isAllowedHost("ADMIN.renkei.lg.jp", allowed));
  EXPECT_TRUE(isAllowedHost("admin.renkei.lg.jp.:8081", allowed));
}

TEST(AdminHostCheck, ARebindingNameOrNoHostIsRefused) {
  const std::vector<std::string> allowed = {"localhost", "127.0.0.1"};
  EXPECT_FALSE(isAllowedHost("attacker.example:8081", allowed));
  EXPECT_FALSE(isAllowedHost("localhost.attacker.example", allowed));
  EXPECT_FALSE(isAllowedHost("", allowed));
  EXPECT_FALSE(isAllowedHost("localhost\"/><evil", allowed));
}

}  // namespace
}  // namespace renkei::admin
