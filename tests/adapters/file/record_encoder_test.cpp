// Writing records (renkei-file receive): values padded as the layout says, dates in their
// 和暦 or 西暦 form, 外字 through the table in reverse, and what cannot be written reported on
// its field; the outbound file's partial records never survive a restart.
#include "adapters/file/record_encoder.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "adapters/file/broker_reply.h"
#include "adapters/file/record_decoder.h"
#include "adapters/file/rotating_file.h"
#include "tests/adapters/file/file_fixture.h"

namespace renkei::file {
namespace {

using testing::layoutPath;

class RecordEncoderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    layout_ = readLayoutFile(layoutPath("juki-ido.xml"));
    gaiji_ = GaijiTable::read(layoutPath("gaiji-yonezawa.txt"));
  }
  std::vector<std::string> values(std::map<std::string, std::string> by_name) const {
    std::vector<std::string> out(layout_.fields.size());
    for (size_t i = 0; i < layout_.fields.size(); ++i) out[i] = by_name[layout_.fields[i].name];
    return out;
  }
  std::string field(const std::string& record, const std::string& name) const {
    const FieldSpec* f = layout_.field(name);
    return record.substr(f->offset, f->length);
  }
  Layout layout_;
  GaijiTable gaiji_;
};

TEST_F(RecordEncoderTest, ValuesArePaddedAndDatesWrittenAsTheLayoutSays) {
  const EncodedRecord r = encodeRecord(layout_,
                                       values({{"AtenaNo", "4"},
                                               {"IdoDate", "2019-05-01"},
                                               {"TodokedeDate", "2019-04-30"},
                                               {"SeinenGappi", "1989-01-07"},
                                               {"Shimei", "𠮷田　髙子"},
                                               {"Seibetsu", "2"}}),
                                       gaiji_);
  ASSERT_TRUE(r.ok()) << r.errors.front().second;
  ASSERT_EQ(r.bytes.size(), 320u);
  EXPECT_EQ(field(r.bytes, "AtenaNo"), "000000000000004");
  EXPECT_EQ(field(r.bytes, "IdoDate"), "5010501");  // 令和元年5月1日
  EXPECT_EQ(field(r.bytes, "TodokedeDate"), "20190430");
  EXPECT_EQ(field(r.bytes, "SeinenGappi"), "3640107");  // 昭和64年1月7日
  // 𠮷 and 髙 as the vendor's F040 and F041 (the table wins over CP932's own FBFC for 髙),
  // then full-width spaces up to the field's 40 bytes.
  std::string shimei = "\xF0\x40" + testing::encodeWith("CP932", "田　") + "\xF0\x41" +
                       testing::encodeWith("CP932", "子");
  while (shimei.size() < 40) shimei += "\x81\x40";
  EXPECT_EQ(field(r.bytes, "Shimei"), shimei);
  EXPECT_EQ(field(r.bytes, "Katagaki"), std::string(60, ' '));  // absent: blank

  // And it reads back the same.
  const DecodedRecord back = decodeRecord(r.bytes, 0, layout_, gaiji_);
  EXPECT_EQ(back.values[5], "𠮷田　髙子");
}

TEST_F(RecordEncoderTest, WhatCannotBeWrittenIsReportedOnItsFieldNeverAltered) {
  EncodedRecord r =
      encodeRecord(layout_, values({{"Shimei", "森　鷗外"}, {"Banchi", "1番"}}), gaiji_);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.bytes.empty());
  EXPECT_EQ(r.errors.front().first, "Shimei");
  EXPECT_EQ(r.errors.front().second,
            "鷗 (U+9DD7) cannot be written in CP932 and the 外字 table has no entry for it");

  r = encodeRecord(layout_, values({{"Zokugara", "世帯主の配偶者の子の子"}}), gaiji_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.errors.front().second, "'世帯主の配偶者の子の子' needs 22 bytes, the field has 20");

  r = encodeRecord(layout_, values({{"IdoDate", "1872-12-31"}}), gaiji_);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.errors.front().second.find("before 明治6年"), std::string::npos);

  // 〜 (U+301C) reads back from CP932 as ～ (U+FF5E): a silent change, refused.
  r = encodeRecord(layout_, values({{"Banchi", "1〜3番"}}), gaiji_);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.errors.front().second.find("would read back as U+FF5E"), std::string::npos)
      << r.errors.front().second;

  Layout euc = layout_;
  for (FieldSpec& f : euc.fields) f.encoding = TextEncoding::kEucJp;
  r = encodeRecord(euc, values({{"Shimei", "髙木"}}), GaijiTable{});
  ASSERT_FALSE(r.ok()) << "髙 is an IBM extension of CP932, not EUC-JP";
  EXPECT_NE(r.errors.front().second.find("cannot be written in EUC-JP"), std::string::npos);
}

TEST(RotatingFileTest, ATornLastRecordIsCutOffAndWholeOnesArePublishedAtOnce) {
  const std::string dir = ::testing::TempDir() + "renkei-rotating-" + std::to_string(getpid());
  std::filesystem::remove_all(dir);
  {
    RotatingFile file(dir, "out", 4, RotationPolicy{3, 0});
    file.append("aaa\n");
    file.append("bbb\n");
    EXPECT_EQ(file.pending(), 2u);
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir), {}), 1) << "only .partial";
  }
  // A crash in the middle of a write leaves half a record behind.
  std::ofstream(dir + "/.out.partial", std::ios::app) << "cc";
  RotatingFile again(dir, "out", 4, RotationPolicy{3, 0});
  EXPECT_EQ(again.pending(), 2u);
  again.append("ccc\n");  // the third record: published
  EXPECT_EQ(again.pending(), 0u);
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    names.push_back(e.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  ASSERT_EQ(names.size(), 2u);
  EXPECT_EQ(names[0], ".out.partial");
  std::ifstream published(dir + "/" + names[1]);
  std::string text((std::istreambuf_iterator<char>(published)), {});
  EXPECT_EQ(text, "aaa\nbbb\nccc\n");
  std::filesystem::remove_all(dir);
}

TEST(BrokerReplyTest, TheBrokersAnswerDecidesTheRecordsFate) {
  const auto fault = [](const std::string& code) {
    return PostReply{500,
                     "<s:Envelope><s:Body><s:Fault><faultcode>soap:" + code +
                         "</faultcode><faultstring>why</faultstring><detail><rf:Code>" + code +
                         "</rf:Code></detail></s:Fault></s:Body></s:Envelope>",
                     ""};
  };
  const ReplyMeaning accepted = interpretReply(
      {200, "<ntf:NotificationReceipt><ntf:Deliveries>2</ntf:Deliveries></ntf:NotificationReceipt>",
       ""});
  EXPECT_EQ(accepted.verdict, ReplyVerdict::kAccepted);
  EXPECT_EQ(accepted.deliveries, 2);
  EXPECT_EQ(interpretReply(fault("Client.DuplicateMessage")).verdict, ReplyVerdict::kDuplicate);
  EXPECT_EQ(interpretReply(fault("Client.SchemaViolation")).verdict, ReplyVerdict::kRejected);
  EXPECT_EQ(interpretReply(fault("Client.SchemaViolation")).detail, "why");
  EXPECT_EQ(interpretReply(fault("Client.LinkNotRegistered")).verdict, ReplyVerdict::kStop);
  EXPECT_EQ(interpretReply(fault("Client.SenderMismatch")).verdict, ReplyVerdict::kStop);
  EXPECT_EQ(interpretReply(fault("Server.Overloaded")).verdict, ReplyVerdict::kRetry);
  EXPECT_EQ(interpretReply(fault("Server.AuditUnavailable")).verdict, ReplyVerdict::kRetry);
  EXPECT_EQ(interpretReply({0, "", "Couldn't connect to server"}).verdict, ReplyVerdict::kRetry);
  EXPECT_EQ(interpretReply({502, "<html>bad gateway</html>", ""}).verdict, ReplyVerdict::kRetry);
  EXPECT_EQ(interpretReply({404, "not here", ""}).verdict, ReplyVerdict::kStop);
}

}  // namespace
}  // namespace renkei::file
