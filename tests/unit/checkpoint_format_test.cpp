// The signed checkpoint format, pinned like the chain hash (audit_hash_format_test.cpp): bundles
// and trails carry checkpoints signed years ago, and an auditor's own tool must be able to check
// them from the documented layout. The key is RFC 8032's test vector 1; the expected payload,
// key id and signature were computed independently of this code (Python `cryptography` over the
// documented "<length>:<bytes>;" fields). Ed25519 is deterministic, so the signature is fixed.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "broker/audit/audit_checkpoint.h"
#include "broker/audit/checkpoint_key.h"

namespace renkei {
namespace {

constexpr const char* kPrivatePem =
    "-----BEGIN PRIVATE KEY-----\n"
    "MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g\n"
    "-----END PRIVATE KEY-----\n";
constexpr const char* kPublicPem =
    "-----BEGIN PUBLIC KEY-----\n"
    "MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n"
    "-----END PUBLIC KEY-----\n";
constexpr const char* kKeyId = "21fe31dfa154a261626bf854046fd2271b7bed4b6abe45aa58877ef47f9721b9";
constexpr const char* kHeadHash =
    "871c80bc4fb677d7a5fef44a1468da53ff3f5e0276873bcdbdf2ac13bc149ed6";
constexpr const char* kSignature =
    "3dda3411a765c49ee025e50698ec4b169298ee1977f687fef95d6532f17023c6"
    "e68259a0efa08e9c21107b07c13664767c982a52b3ccbef1d69bc772f7823707";

AuditCheckpoint fixedCheckpoint() {
  AuditCheckpoint c;
  c.seq = 42;
  c.head_hash = kHeadHash;
  c.time = "2026-04-01T09:30:05Z";
  c.instance_id = "broker-a:8080";
  c.key_id = kKeyId;
  return c;
}

TEST(CheckpointFormat, PayloadKnownAnswer) {
  EXPECT_EQ(checkpointPayload(fixedCheckpoint()),
            std::string("20:renkei-checkpoint-v1;2:42;64:") + kHeadHash +
                ";20:2026-04-01T09:30:05Z;13:broker-a:8080;64:" + kKeyId + ";");
}

TEST(CheckpointFormat, SignatureAndKeyIdKnownAnswer) {
  char dir_template[] = "/tmp/renkei-checkpoint-kat-XXXXXX";
  const std::string dir = mkdtemp(dir_template);
  const std::string key = dir + "/checkpoint.key";
  std::ofstream(key) << kPrivatePem;
  ::chmod(key.c_str(), 0600);
  const CheckpointSigner signer = CheckpointSigner::fromFile(key);
  const std::string payload = checkpointPayload(fixedCheckpoint());
  EXPECT_EQ(signer.keyId(), kKeyId);
  EXPECT_EQ(signer.sign(payload), kSignature);
  std::remove(key.c_str());
  ::rmdir(dir.c_str());

  const CheckpointVerifier verifier = CheckpointVerifier::fromPem(kPublicPem, "the test");
  EXPECT_EQ(verifier.keyId(), kKeyId);
  EXPECT_TRUE(verifier.verify(payload, kSignature));
  AuditCheckpoint other_head = fixedCheckpoint();
  other_head.seq = 41;
  EXPECT_FALSE(verifier.verify(checkpointPayload(other_head), kSignature));
}

}  // namespace
}  // namespace renkei
