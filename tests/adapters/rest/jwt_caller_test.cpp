// A unit whose JWT the bridge verified is authenticated as a client certificate authenticates
// it: whatever its connection policy and wherever it connects from, and only as itself.
#include <gtest/gtest.h>

#include "broker/registry/caller_authentication.h"

namespace renkei {
namespace {

UnitIdentities identities() {
  return UnitIdentities({
      {"062022/juki", ConnectionPolicy::kPlain, "", "", "", ""},
      {"062022/kokuho", ConnectionPolicy::kMtls, std::string(64, 'a'), "", "", ""},
  });
}

HttpRequest restCall(const std::string& jwt_unit) {
  HttpRequest request;
  request.peer_ip = "192.0.2.10";  // not loopback: the plain policy alone would refuse
  request.peer = "192.0.2.10:40000";
  request.jwt_unit = jwt_unit;
  return request;
}

TEST(JwtCaller, TheJwtsUnitIsAuthenticatedFromAnyAddress) {
  const CallerAuthentication kokuho =
      authenticateCaller(identities(), restCall("062022/kokuho"), "062022/kokuho");
  EXPECT_TRUE(kokuho.ok) << kokuho.fault.reason;
  EXPECT_EQ(kokuho.unit, "062022/kokuho");
  EXPECT_TRUE(authenticateCaller(identities(), restCall("062022/juki"), "062022/juki").ok);
}

TEST(JwtCaller, AJwtNeverSpeaksForAnotherUnit) {
  const CallerAuthentication other =
      authenticateCaller(identities(), restCall("062022/kokuho"), "062022/juki");
  EXPECT_FALSE(other.ok);
  EXPECT_EQ(other.fault.code, FaultCode::kSenderMismatch);
  EXPECT_NE(other.fault.reason.find("JWT identifies unit 062022/kokuho"), std::string::npos);
}

TEST(JwtCaller, WithoutAJwtAPlainUnitFromAfarIsStillRefused) {
  EXPECT_FALSE(authenticateCaller(identities(), restCall(""), "062022/juki").ok);
}

}  // namespace
}  // namespace renkei
