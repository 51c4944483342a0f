// Exported bundles verified offline: the file alone and the public key, no database. Each kind
// of tampering, done to the file, is named by seq.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "broker/audit/audit_bundle.h"
#include "broker/audit/audit_checkpointer.h"
#include "broker/audit/audit_verifier.h"
#include "broker/audit/checkpoint_key.h"
#include "broker/audit/flat_json.h"
#include "broker/store/sqlite_store.h"
#include "tests/unit/store_test_support.h"

namespace renkei {
namespace {

using testing::makeAuditRecord;
using testing::TempDir;

std::vector<std::string> readLines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

void writeLines(const std::string& path, const std::vector<std::string>& lines) {
  std::ofstream out(path, std::ios::trunc);
  for (const auto& line : lines) out << line << "\n";
}

void replaceIn(std::string& text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  ASSERT_NE(at, std::string::npos) << from << " not in " << text;
  text.replace(at, from.size(), to);
}

class AuditBundleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_.migrate();
    generateCheckpointKeyPair(dir_.file("cp.key"), dir_.file("cp.pub"));
    std::vector<AuditRecord> batch;
    for (int i = 1; i <= 8; ++i) batch.push_back(makeAuditRecord(i));
    batch[2].operator_id = "氏名 \"quoted\" \\ tab\t";
    store_.appendAudit(batch);
    AuditCheckpointer cp(store_, CheckpointSigner::fromFile(dir_.file("cp.key")),
                         CheckpointOptions{}, std::cerr);
    cp.checkpointNow();
    std::ofstream out(bundle_);
    const auto key = CheckpointVerifier::fromFile(dir_.file("cp.pub"));
    writeAuditBundle(out, store_, "test", "2026-04-01T00:00:00Z", key.publicPem());
  }

  AuditVerification verifyBundle() {
    const auto bundle = AuditBundle::open(bundle_);
    return verifyAuditTrail(bundle.records(), bundle.checkpoints(),
                            CheckpointVerifier::fromFile(dir_.file("cp.pub")));
  }

  // Line index of record `seq` (the header and key come first).
  size_t recordLine(int seq) { return static_cast<size_t>(seq) + 1; }

  TempDir dir_;
  SqliteStore store_{dir_.file("audit.db")};
  std::string bundle_ = dir_.file("trail.jsonl");
};

TEST_F(AuditBundleTest, AFreshBundleVerifiesWithTheKeyItCarries) {
  const auto bundle = AuditBundle::open(bundle_);
  EXPECT_EQ(bundle.checkpoints().size(), 1u);
  EXPECT_NE(bundle.publicPem().find("PUBLIC KEY"), std::string::npos);
  const auto result = verifyBundle();
  EXPECT_TRUE(result.ok) << result.message;
  EXPECT_EQ(result.records_checked, 8);
  EXPECT_EQ(result.signed_through_seq, 8);
}

TEST_F(AuditBundleTest, DeletedTailLinesAreNamed) {
  auto lines = readLines(bundle_);
  lines.erase(lines.begin() + recordLine(7), lines.begin() + recordLine(9));
  writeLines(bundle_, lines);
  const auto result = verifyBundle();
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.kind, AuditTamperKind::kDeleted);
  EXPECT_EQ(result.first_bad_seq, 7);
}

TEST_F(AuditBundleTest, AnEditedFieldIsNamed) {
  auto lines = readLines(bundle_);
  replaceIn(lines[recordLine(4)], "\"outcome\":\"routed\"", "\"outcome\":\"refused\"");
  writeLines(bundle_, lines);
  const auto result = verifyBundle();
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.first_bad_seq, 4);
  EXPECT_EQ(result.kind, AuditTamperKind::kEdited);
}

TEST_F(AuditBundleTest, AValueOfAnotherTypeIsNamed) {
  auto lines = readLines(bundle_);
  replaceIn(lines[recordLine(5)], "\"latency_us\":1005", "\"latency_us\":\"1005 (edited)\"");
  replaceIn(lines[recordLine(6)], "\"link_id\":null", "\"link_id\":1.5");
  writeLines(bundle_, lines);
  const auto result = verifyBundle();
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.first_bad_seq, 5);
  EXPECT_NE(result.message.find("latency_us"), std::string::npos) << result.message;
}

TEST_F(AuditBundleTest, AForgedCheckpointIsNamed) {
  auto lines = readLines(bundle_);
  replaceIn(lines.back(), "\"seq\":8", "\"seq\":9");
  writeLines(bundle_, lines);
  const auto result = verifyBundle();
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.kind, AuditTamperKind::kForged);
}

TEST_F(AuditBundleTest, ALineThatIsNotJsonNamesFileAndLine) {
  auto lines = readLines(bundle_);
  lines[recordLine(3)] = "{\"type\":\"record\",";
  writeLines(bundle_, lines);
  try {
    const auto bundle = AuditBundle::open(bundle_);
    verifyAuditChain(bundle.records());
    FAIL() << "a broken line was accepted";
  } catch (const AuditBundleError& e) {
    EXPECT_NE(std::string(e.what()).find("trail.jsonl:5"), std::string::npos) << e.what();
  }
}

TEST(FlatJson, ReadsStringsNumbersAndNullAndRefusesNesting) {
  std::string error;
  auto object = parseFlatJsonObject(
      R"({"a":"x\"y\u00e9\ud842\udfb7","n":-12,"f":1.5,"z":null,"t":true})", error);
  ASSERT_TRUE(object) << error;
  EXPECT_EQ(object->at("a").text, "x\"y\xc3\xa9\xf0\xa0\xae\xb7");
  EXPECT_EQ(object->at("n").kind, FlatJsonValue::Kind::kNumber);
  EXPECT_EQ(object->at("f").text, "1.5");
  EXPECT_EQ(object->at("z").kind, FlatJsonValue::Kind::kNull);
  for (const char* bad : {R"({"a":{"b":1}})", R"({"a":1,"a":2})", R"({"a":"\ud800"})",
                          R"({"a":1} x)", R"({"a")", "", "[1]", "{\"a\":\"\x01\"}"}) {
    EXPECT_FALSE(parseFlatJsonObject(bad, error)) << bad;
  }
}

}  // namespace
}  // namespace renkei
