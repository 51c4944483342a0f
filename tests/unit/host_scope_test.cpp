#include "broker/config/host_scope.h"

#include <gtest/gtest.h>

namespace renkei {
namespace {

TEST(HostScope, OnlyLoopbackAddressesKeepTheAdminListenerOnThisMachine) {
  for (const char* host : {"127.0.0.1", "127.10.20.30", "localhost", "::1", "[::1]"}) {
    EXPECT_TRUE(isLoopbackHost(host)) << host;
  }
  for (const char* host : {"0.0.0.0", "::", "192.168.10.5", "10.0.0.1", "128.0.0.1",
                           "admin.city.example.lg.jp", "", "127.0.0.1.example"}) {
    EXPECT_FALSE(isLoopbackHost(host)) << host;
  }
}

}  // namespace
}  // namespace renkei
