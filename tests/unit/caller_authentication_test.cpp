// The identity decision alone: policies, certificates, claims and peer addresses, without
// sockets. (The TLS integration tests show the listener feeding it real certificates.)
#include "broker/registry/caller_authentication.h"

#include <gtest/gtest.h>

#include "broker/tls/peer_certificate.h"

namespace renkei {
namespace {

const std::string kKokuhoSha(64, 'a');
const std::string kJuminzeiSha(64, 'b');

UnitIdentities identities() {
  return UnitIdentities({
      {"062022/juki", ConnectionPolicy::kPlain, "", "", "", ""},
      {"062022/kokuho", ConnectionPolicy::kMtls, kKokuhoSha, "", "", ""},
      {"062022/juminzei", ConnectionPolicy::kMtls, kJuminzeiSha,
       "CN=062022-juminzei,O=Yonezawa City,C=JP", "", ""},
      {"062014/kokuho", ConnectionPolicy::kMtls, "", "CN=062014-kokuho,C=JP", "", ""},
      {"062022/kaigo", ConnectionPolicy::kSigned, "", "", "", ""},
  });
}

HttpRequest from(const std::string& ip, std::optional<std::string> sha = std::nullopt,
                 const std::string& subject = "") {
  HttpRequest request;
  request.peer_ip = ip;
  request.peer = ip + ":40000";
  request.client_cert_sha256 = std::move(sha);
  request.client_cert_subject = subject;
  return request;
}

TEST(CallerAuthentication, APlainUnitIsAcceptedFromLoopbackOnly) {
  const UnitIdentities table = identities();
  for (const char* ip : {"127.0.0.1", "127.3.4.5", "::1", "::ffff:127.0.0.1"}) {
    CallerAuthentication result = authenticateCaller(table, from(ip), "062022/juki");
    EXPECT_TRUE(result.ok) << ip;
    EXPECT_EQ(result.unit, "062022/juki");
  }
  for (const char* ip : {"10.0.0.5", "192.168.1.20", "::ffff:10.0.0.5", "2001:db8::1"}) {
    CallerAuthentication result = authenticateCaller(table, from(ip), "062022/juki");
    EXPECT_FALSE(result.ok) << ip;
    EXPECT_EQ(result.fault.code, FaultCode::kUnauthenticated) << ip;
  }
}

TEST(CallerAuthentication, AnMtlsUnitIsTheHolderOfItsCertificate) {
  const UnitIdentities table = identities();
  CallerAuthentication result =
      authenticateCaller(table, from("10.0.0.5", kKokuhoSha), "062022/kokuho");
  ASSERT_TRUE(result.ok) << result.fault.reason;
  EXPECT_EQ(result.unit, "062022/kokuho");
  // Bound by subject only.
  result = authenticateCaller(
      table, from("10.0.0.7", std::string(64, 'c'), "CN=062014-kokuho,C=JP"), "062014/kokuho");
  EXPECT_TRUE(result.ok) << result.fault.reason;
}

TEST(CallerAuthentication, BoundByFingerprintAndSubjectBothMustMatch) {
  const UnitIdentities table = identities();
  CallerAuthentication result = authenticateCaller(
      table, from("10.0.0.5", std::string(64, 'd'), "CN=062022-juminzei,O=Yonezawa City,C=JP"),
      "062022/juminzei");
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.fault.code, FaultCode::kUnauthenticated);
}

TEST(CallerAuthentication, OneUnitsCertificateCannotSpeakForAnother) {
  const UnitIdentities table = identities();
  CallerAuthentication result =
      authenticateCaller(table, from("10.0.0.5", kJuminzeiSha), "062022/kokuho");
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.fault.code, FaultCode::kSenderMismatch);
  EXPECT_NE(result.fault.reason.find("062022/juminzei"), std::string::npos);
  // Not even for a plain unit, from loopback.
  result = authenticateCaller(table, from("127.0.0.1", kJuminzeiSha), "062022/juki");
  EXPECT_EQ(result.fault.code, FaultCode::kSenderMismatch);
}

TEST(CallerAuthentication, NoCredentialGetsOneAnswerWhetherTheUnitExistsOrNot) {
  const UnitIdentities table = identities();
  const CallerAuthentication unknown =
      authenticateCaller(table, from("127.0.0.1"), "062022/nobody");
  const CallerAuthentication no_certificate =
      authenticateCaller(table, from("127.0.0.1"), "062022/kokuho");
  const CallerAuthentication plain_remote =
      authenticateCaller(table, from("10.1.1.1"), "062022/juki");
  const CallerAuthentication unbound =
      authenticateCaller(table, from("10.1.1.1", std::string(64, 'e')), "062022/kokuho");
  for (const CallerAuthentication* result : {&unknown, &no_certificate, &plain_remote, &unbound}) {
    EXPECT_FALSE(result->ok);
    EXPECT_EQ(result->fault.code, FaultCode::kUnauthenticated);
    EXPECT_EQ(result->fault.reason, unknown.fault.reason);
    EXPECT_EQ(result->fault.reason.find("http"), std::string::npos) << "names no endpoint";
  }
}

TEST(CallerAuthentication, ASignedUnitIsAcceptedOnlyWithItsOwnVerifiedSignature) {
  const UnitIdentities table = identities();
  CallerAuthentication unsigned_message =
      authenticateCaller(table, from("127.0.0.1"), "062022/kaigo");
  EXPECT_FALSE(unsigned_message.ok);
  EXPECT_EQ(unsigned_message.fault.code, FaultCode::kUnauthenticated);
  EXPECT_NE(unsigned_message.fault.reason.find("no verified signature"), std::string::npos)
      << unsigned_message.fault.reason;
  // Signed by another unit (the signature stage refuses that first; here as a second line).
  EXPECT_FALSE(
      authenticateCaller(table, from("10.1.2.3"), "062022/kaigo", std::string("062022/juki")).ok);
  CallerAuthentication signed_message =
      authenticateCaller(table, from("10.1.2.3"), "062022/kaigo", std::string("062022/kaigo"));
  EXPECT_TRUE(signed_message.ok);
  EXPECT_EQ(signed_message.unit, "062022/kaigo");
}

TEST(CallerAuthentication, FingerprintsAreReadAsOpensslPrintsThem) {
  EXPECT_EQ(normalizeSha256Fingerprint(
                "86:D8:E4:6E:D4:A4:BD:4F:46:F9:A7:D0:9B:AD:CF:C4:AD:66:9F:5D:D4:EB:47:30:71:2A:"
                "91:73:29:C6:7E:44"),
            "86d8e46ed4a4bd4f46f9a7d09badcfc4ad669f5dd4eb4730712a917329c67e44");
  EXPECT_FALSE(normalizeSha256Fingerprint("86:D8"));
  EXPECT_FALSE(normalizeSha256Fingerprint(std::string(64, 'g')));
}

}  // namespace
}  // namespace renkei
