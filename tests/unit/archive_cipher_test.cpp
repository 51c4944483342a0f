// The archive's sealing: AES-256-GCM bound to the record's metadata, its line format and its
// key file. What matters: a record opens only with its key and exactly as it was written.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>

#include "broker/archive/archive_cipher.h"
#include "broker/archive/archive_key.h"
#include "broker/archive/archive_line.h"
#include "tests/unit/store_test_support.h"

namespace renkei::archive {
namespace {

using testing::TempDir;

ArchiveKey keyOf(unsigned char fill) {
  std::array<unsigned char, ArchiveKey::kBytes> bytes{};
  bytes.fill(fill);
  return ArchiveKey::fromBytes(bytes);
}

ArchiveMeta sampleMeta() {
  ArchiveMeta meta;
  meta.time = "2026-12-01T02:03:04.567Z";
  meta.message_id = "6f1c1a52-3f7d-4c1e-9b0e-0d3b5e2a9c11";
  meta.sender = "062022/kokuho";
  meta.receiver = "062022/juki";
  meta.service = "IdoJohoShokai:1";
  meta.outcome = "routed";
  meta.instance_id = "broker1:8080";
  return meta;
}

const std::string kRequest = "<Envelope><AtenaNo>000000000012345</AtenaNo></Envelope>";
const std::string kResponse = "<Envelope><Shimei>山田 太郎</Shimei></Envelope>";

void flip(std::string& bytes, size_t at) { bytes[at] = static_cast<char>(bytes[at] ^ 0x01); }

TEST(ArchiveCipher, RoundTripGivesTheBodiesBackByteExact) {
  const ArchiveKey key = keyOf(7);
  const SealedRecord sealed = seal(key, sampleMeta(), kRequest, kResponse);
  EXPECT_EQ(sealed.meta.request_bytes, kRequest.size());
  EXPECT_EQ(sealed.meta.response_bytes, kResponse.size());
  EXPECT_EQ(sealed.meta.key_id, key.keyId());
  EXPECT_EQ(sealed.nonce.size(), 12u);
  EXPECT_EQ(sealed.tag.size(), 16u);
  EXPECT_EQ(sealed.ciphertext.find("AtenaNo"), std::string::npos);
  const auto opened = unseal(key, sealed);
  ASSERT_TRUE(opened);
  EXPECT_EQ(opened->request, kRequest);
  EXPECT_EQ(opened->response, kResponse);
}

TEST(ArchiveCipher, EveryRecordHasItsOwnNonce) {
  const ArchiveKey key = keyOf(7);
  const SealedRecord a = seal(key, sampleMeta(), kRequest, kResponse);
  const SealedRecord b = seal(key, sampleMeta(), kRequest, kResponse);
  EXPECT_NE(a.nonce, b.nonce);
  EXPECT_NE(a.ciphertext, b.ciphertext);
}

TEST(ArchiveCipher, AnEmptyResponseRoundTrips) {
  const ArchiveKey key = keyOf(7);
  const auto opened = unseal(key, seal(key, sampleMeta(), kRequest, ""));
  ASSERT_TRUE(opened);
  EXPECT_EQ(opened->request, kRequest);
  EXPECT_EQ(opened->response, "");
}

TEST(ArchiveCipher, AFlippedByteInCiphertextTagOrNonceFailsAuthentication) {
  const ArchiveKey key = keyOf(7);
  const SealedRecord sealed = seal(key, sampleMeta(), kRequest, kResponse);
  for (size_t at : {size_t{0}, kRequest.size(), sealed.ciphertext.size() - 1}) {
    SealedRecord changed = sealed;
    flip(changed.ciphertext, at);
    EXPECT_FALSE(unseal(key, changed)) << "ciphertext byte " << at;
  }
  for (size_t at = 0; at < sealed.tag.size(); ++at) {
    SealedRecord changed = sealed;
    flip(changed.tag, at);
    EXPECT_FALSE(unseal(key, changed)) << "tag byte " << at;
  }
  for (size_t at = 0; at < sealed.nonce.size(); ++at) {
    SealedRecord changed = sealed;
    flip(changed.nonce, at);
    EXPECT_FALSE(unseal(key, changed)) << "nonce byte " << at;
  }
  SealedRecord truncated = sealed;
  truncated.tag.pop_back();
  EXPECT_FALSE(unseal(key, truncated));
}

TEST(ArchiveCipher, ChangedMetadataFailsAuthentication) {
  const ArchiveKey key = keyOf(7);
  const SealedRecord sealed = seal(key, sampleMeta(), kRequest, kResponse);
  const std::vector<std::pair<const char*, void (*)(ArchiveMeta&)>> edits = {
      {"time", [](ArchiveMeta& m) { m.time[18] = '5'; }},
      {"message id", [](ArchiveMeta& m) { m.message_id[0] = '7'; }},
      {"sender", [](ArchiveMeta& m) { m.sender = "062022/juminzei"; }},
      {"receiver", [](ArchiveMeta& m) { m.receiver = "062014/kokuho"; }},
      {"service", [](ArchiveMeta& m) { m.service = "IdoJohoShokai:2"; }},
      {"outcome", [](ArchiveMeta& m) { m.outcome = "refused"; }},
      {"fault code", [](ArchiveMeta& m) { m.fault_code = "Client.SchemaViolation"; }},
      {"instance", [](ArchiveMeta& m) { m.instance_id = "broker2:8080"; }},
      {"key id", [](ArchiveMeta& m) { m.key_id[0] = m.key_id[0] == 'a' ? 'b' : 'a'; }},
      // The split between request and response is authenticated too.
      {"sizes",
       [](ArchiveMeta& m) {
         m.request_bytes -= 1;
         m.response_bytes += 1;
       }},
  };
  for (const auto& [what, edit] : edits) {
    SealedRecord changed = sealed;
    edit(changed.meta);
    EXPECT_FALSE(unseal(key, changed)) << what;
  }
}

TEST(ArchiveCipher, TwoRecordsCannotSwapTheirBodies) {
  const ArchiveKey key = keyOf(7);
  ArchiveMeta other = sampleMeta();
  other.message_id = "0a0b0c0d-0000-4000-8000-000000000001";
  SealedRecord a = seal(key, sampleMeta(), kRequest, kResponse);
  const SealedRecord b = seal(key, other, kRequest, kResponse);
  a.nonce = b.nonce;
  a.ciphertext = b.ciphertext;
  a.tag = b.tag;
  EXPECT_FALSE(unseal(key, a));
}

TEST(ArchiveCipher, AWrongKeyFailsAuthentication) {
  const SealedRecord sealed = seal(keyOf(7), sampleMeta(), kRequest, kResponse);
  EXPECT_FALSE(unseal(keyOf(8), sealed));
  EXPECT_NE(keyOf(7).keyId(), keyOf(8).keyId());
}

TEST(ArchiveLine, ALineParsesBackToTheSameRecord) {
  const ArchiveKey key = keyOf(7);
  const SealedRecord sealed = seal(key, sampleMeta(), kRequest, kResponse);
  const std::string line = formatArchiveLine(sealed);
  ASSERT_EQ(line.back(), '\n');
  EXPECT_EQ(line.find('\n'), line.size() - 1);
  EXPECT_EQ(line.find("AtenaNo"), std::string::npos);
  EXPECT_NE(line.find(sampleMeta().message_id), std::string::npos) << "metadata is in clear";
  std::string error;
  const auto parsed = parseArchiveLine(std::string_view(line).substr(0, line.size() - 1), error);
  ASSERT_TRUE(parsed) << error;
  EXPECT_EQ(associatedData(parsed->meta), associatedData(sealed.meta));
  const auto opened = unseal(key, *parsed);
  ASSERT_TRUE(opened);
  EXPECT_EQ(opened->request, kRequest);
}

TEST(ArchiveLine, MalformedLinesAreErrorsNotRecords) {
  std::string good = formatArchiveLine(seal(keyOf(7), sampleMeta(), kRequest, kResponse));
  good.pop_back();  // the newline: the reader splits lines before parsing
  const std::vector<std::string> bad = {
      "",
      "not json",
      good.substr(0, good.size() / 2),  // torn by a crash
      R"({"format":1})",
      R"({"format":2,"time":"x"})",
  };
  for (const std::string& line : bad) {
    std::string error;
    EXPECT_FALSE(parseArchiveLine(line, error)) << line;
    EXPECT_FALSE(error.empty()) << line;
  }
  std::string not_base64 = good;
  const size_t at = not_base64.find("\"nonce\":\"") + 9;
  not_base64[at] = '!';
  std::string error;
  EXPECT_FALSE(parseArchiveLine(not_base64, error));
  EXPECT_NE(error.find("nonce"), std::string::npos) << error;
}

TEST(ArchiveKeyFile, KeygenWritesAKeyOnlyItsOwnerCanReadAndNeverOverwrites) {
  TempDir dir;
  const std::string path = dir.file("archive.key");
  const std::string id = generateArchiveKey(path);
  struct stat st {};
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(st.st_size, 65) << "64 hex digits and a newline";
  EXPECT_EQ(ArchiveKey::fromFile(path).keyId(), id);
  EXPECT_THROW(generateArchiveKey(path), KeyFileError);
  EXPECT_EQ(ArchiveKey::fromFile(path).keyId(), id) << "the first key is unchanged";
}

TEST(ArchiveKeyFile, AKeyReadableByOthersIsRefusedNamingTheFile) {
  TempDir dir;
  const std::string path = dir.file("archive.key");
  generateArchiveKey(path);
  chmod(path.c_str(), 0644);
  try {
    ArchiveKey::fromFile(path);
    FAIL() << "a world-readable key was accepted";
  } catch (const KeyFileError& e) {
    const std::string text = e.what();
    EXPECT_NE(text.find(path), std::string::npos) << text;
    EXPECT_NE(text.find("0644"), std::string::npos) << text;
    EXPECT_NE(text.find("chmod 600"), std::string::npos) << text;
  }
}

TEST(ArchiveKeyFile, AKeyFromOpensslRandIsAccepted) {
  TempDir dir;
  const std::string path = dir.file("ossl.key");
  ASSERT_EQ(std::system(("umask 077 && openssl rand -hex 32 > " + path).c_str()), 0);
  const ArchiveKey key = ArchiveKey::fromFile(path);
  EXPECT_EQ(key.keyId().size(), 16u);
}

TEST(ArchiveKeyFile, AFileThatIsNotAKeyIsRefused) {
  TempDir dir;
  for (const std::string& text : {std::string("abc\n"), std::string(64, 'g'), std::string(66, 'a'),
                                  std::string(32, '\x07')}) {
    const std::string path = dir.file("bad.key");
    std::remove(path.c_str());
    writeNewFile(path, text, 0600);
    EXPECT_THROW(ArchiveKey::fromFile(path), KeyFileError) << text;
  }
  EXPECT_THROW(ArchiveKey::fromFile(dir.file("missing.key")), KeyFileError);
}

}  // namespace
}  // namespace renkei::archive
