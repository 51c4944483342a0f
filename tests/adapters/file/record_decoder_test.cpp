// Records in CP932, EUC-JP and UTF-8 read into field values, 外字 mapped through the table or
// kept and reported, and each kind of bad record rejected with its field, offset and reason;
// the message body built from a record passes the platform schemas.
#include "adapters/file/record_decoder.h"

#include <gtest/gtest.h>

#include <functional>

#include "adapters/file/body_validator.h"
#include "adapters/file/message_builder.h"
#include "adapters/file/record_splitter.h"
#include "tests/adapters/file/file_fixture.h"

namespace renkei::file {
namespace {

using testing::encoded;
using testing::jukiIdo;
using testing::layoutPath;
using testing::recordOf;

class RecordDecoderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    layout_ = readLayoutFile(layoutPath("juki-ido.xml"));
    gaiji_ = GaijiTable::read(layoutPath("gaiji-yonezawa.txt"));
  }
  std::string value(const DecodedRecord& r, const std::string& field) const {
    const size_t i = static_cast<size_t>(layout_.field(field) - layout_.fields.data());
    return r.present[i] ? r.values[i] : "(absent)";
  }
  Layout layout_;
  GaijiTable gaiji_;
};

void expectSample(const DecodedRecord& r, const std::function<std::string(std::string)>& value) {
  EXPECT_TRUE(r.ok()) << r.issues.front().field << ": " << r.issues.front().reason;
  EXPECT_EQ(value("AtenaNo"), "000000000000004");
  EXPECT_EQ(value("IdoDate"), "2023-03-15");       // 令和5年3月15日
  EXPECT_EQ(value("TodokedeDate"), "2023-03-16");  // 西暦
  EXPECT_EQ(value("SeinenGappi"), "1990-01-20");   // 平成2年1月20日
  EXPECT_EQ(value("Shimei"), "直江　健");          // trailing padding gone, inner U+3000 kept
  EXPECT_EQ(value("KanaShimei"), "ナオエ　ケン");  // half-width read as full-width
  EXPECT_EQ(value("Banchi"), "門東町三丁目2番5号");
  EXPECT_EQ(value("Seibetsu"), "1");
}

TEST_F(RecordDecoderTest, TheSameRecordReadsAlikeInCp932EucJpAndUtf8) {
  for (const char* encoding : {"CP932", "EUC-JP", "UTF-8"}) {
    SCOPED_TRACE(encoding);
    Layout layout = layout_;
    for (FieldSpec& f : layout.fields) {
      f.encoding = std::string(encoding) == "CP932"    ? TextEncoding::kCp932
                   : std::string(encoding) == "EUC-JP" ? TextEncoding::kEucJp
                                                       : TextEncoding::kUtf8;
    }
    auto fields = jukiIdo("000000000000004");
    const std::string record = recordOf(layout, encoded(encoding, fields));
    const DecodedRecord r = decodeRecord(record, 0, layout, gaiji_);
    expectSample(r, [&](const std::string& f) {
      const size_t i = static_cast<size_t>(layout.field(f) - layout.fields.data());
      return r.present[i] ? r.values[i] : "(absent)";
    });
  }
}

TEST_F(RecordDecoderTest, GaijiFromTheTableBecomeTheirCharactersAndUnknownOnesAreReported) {
  auto fields = encoded("CP932", jukiIdo("000000000000004"));
  fields["Shimei"] = "\xF0\x40" + testing::encodeWith("CP932", "田　") + "\xF0\x41" +
                     testing::encodeWith("CP932", "子");  // 𠮷田　髙子
  DecodedRecord r = decodeRecord(recordOf(layout_, fields), 0, layout_, gaiji_);
  EXPECT_TRUE(r.ok());
  EXPECT_TRUE(r.issues.empty());
  EXPECT_EQ(value(r, "Shimei"), "𠮷田　髙子");

  // F1 9F: user-defined, not in the table: kept as its PUA code point, reported, still sent.
  fields["Shimei"] = testing::encodeWith("CP932", "山") + "\xF1\x9F";
  r = decodeRecord(recordOf(layout_, fields), 1000, layout_, gaiji_);
  EXPECT_TRUE(r.ok());
  ASSERT_EQ(r.issues.size(), 1u);
  EXPECT_FALSE(r.issues[0].error);
  EXPECT_EQ(r.issues[0].field, "Shimei");
  EXPECT_EQ(r.issues[0].offset, 1000u + 48 + 2);
  EXPECT_EQ(r.issues[0].reason, "外字 F1 9F has no entry in the 外字 table: kept as U+E11A");
  EXPECT_EQ(value(r, "Shimei"), "山\xEE\x84\x9A");

  // IBM/NEC extensions decode as glibc's CP932 does (NEC 0x8740 is ①), unless the table says.
  fields["Shimei"] = "\x87\x40";
  r = decodeRecord(recordOf(layout_, fields), 0, layout_, gaiji_);
  EXPECT_EQ(value(r, "Shimei"), "①");
}

TEST_F(RecordDecoderTest, EucJpGaijiAndUtf8PrivateUseGoThroughTheTableToo) {
  Layout euc = layout_;
  for (FieldSpec& f : euc.fields) f.encoding = TextEncoding::kEucJp;
  auto fields = encoded("EUC-JP", jukiIdo("000000000000004"));
  fields["Shimei"] = "\xF5\xA1" + testing::encodeWith("EUC-JP", "田") + "\xF6\xA1";
  DecodedRecord r = decodeRecord(recordOf(euc, fields), 0, euc, gaiji_);
  EXPECT_EQ(value(r, "Shimei"), "𠮷田\xEE\x81\x9E");  // F6A1 -> U+E05E (row 86)
  ASSERT_EQ(r.issues.size(), 1u);
  EXPECT_NE(r.issues[0].reason.find("F6 A1"), std::string::npos);

  Layout utf8 = layout_;
  for (FieldSpec& f : utf8.fields) f.encoding = TextEncoding::kUtf8;
  fields = jukiIdo("000000000000004");
  fields["Shimei"] = "\xEE\x80\x80田\xEE\x80\x81";  // U+E000 (in the table), U+E001 (not)
  r = decodeRecord(recordOf(utf8, fields), 0, utf8, gaiji_);
  EXPECT_EQ(value(r, "Shimei"), "𠮷田\xEE\x80\x81");
  ASSERT_EQ(r.issues.size(), 1u);
  EXPECT_NE(r.issues[0].reason.find("U+E001"), std::string::npos);
}

TEST_F(RecordDecoderTest, BadRecordsNameTheFieldTheOffsetAndTheReason) {
  const auto sample = encoded("CP932", jukiIdo("000000000000004"));
  const auto first_error = [&](std::map<std::string, std::string> change) {
    auto fields = sample;
    for (auto& [k, v] : change) fields[k] = v;
    const DecodedRecord r = decodeRecord(recordOf(layout_, fields), 640, layout_, gaiji_);
    const RecordIssue* e = r.firstError();
    return e ? e->field + "@" + std::to_string(e->offset) + ": " + e->reason : "ok";
  };
  EXPECT_EQ(first_error({}), "ok");
  EXPECT_EQ(first_error({{"AtenaNo", "00000000000A004"}}),
            "AtenaNo@640: '00000000000A004' is not a number (ASCII digits only)");
  EXPECT_EQ(first_error({{"IdoDate", "4310501"}}),
            "IdoDate@673: 平成31年5月1日 (2019-05-01) is after 平成 ended on 2019-04-30");
  EXPECT_EQ(first_error({{"TodokedeDate", "20230229"}}),
            "TodokedeDate@680: '20230229' is not a day of the calendar");
  EXPECT_EQ(first_error({{"Seibetsu", "3"}}), "Seibetsu@775: '3' is not one of the codes 1, 2, 9");
  EXPECT_EQ(first_error({{"Shimei", "        "}}),
            "Shimei@688: is blank, and the field is required");
  EXPECT_EQ(first_error({{"KanaShimei", testing::encodeWith("CP932", "直江")}}),
            "KanaShimei@728: '直江' holds 直 (U+76F4), which is not katakana");
  EXPECT_EQ(first_error({{"Shimei", "\x85\x40"}}),  // row 9-10 of CP932 is unassigned
            "Shimei@688: bytes 85 40 are not CP932");
  EXPECT_EQ(first_error({{"Shimei", testing::encodeWith("CP932", "山") + "\x81"}}),
            "Shimei@690: bytes 81 20 are not CP932");
  EXPECT_EQ(first_error({{"Shimei", std::string(39, ' ') + "\x81"}}),
            "Shimei@727: the field ends inside a character (81)");

  // Optional fields may be blank (or zeros, for a date): their elements are left out.
  auto fields = sample;
  fields["TodokedeDate"] = "00000000";
  fields["Katagaki"] = "";
  const DecodedRecord r = decodeRecord(recordOf(layout_, fields), 0, layout_, gaiji_);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(value(r, "TodokedeDate"), "(absent)");
  EXPECT_EQ(buildBody(layout_, r).find("TodokedeDate"), std::string::npos);
  EXPECT_EQ(buildBody(layout_, r).find("Katagaki"), std::string::npos);
}

TEST_F(RecordDecoderTest, WrongRecordLengthIsOneErrorForThatRecordOnly) {
  const std::string good = recordOf(layout_, encoded("CP932", jukiIdo("000000000000001")));
  const std::string file = good + "\r\n" + good.substr(0, 300) + "\r\n" + good + "\r\n\x1A";
  RecordSplitter splitter(file, layout_);
  std::vector<std::string> verdicts;
  for (RawRecord raw; splitter.next(&raw);) {
    const DecodedRecord r = decodeRecord(raw.bytes, raw.offset, layout_, gaiji_);
    verdicts.push_back(std::to_string(raw.line) + "@" + std::to_string(raw.offset) + " " +
                       (r.ok() ? "ok" : r.firstError()->reason));
  }
  EXPECT_EQ(verdicts, (std::vector<std::string>{
                          "1@0 ok", "2@322 the record has 300 bytes, the layout juki-ido wants 320",
                          "3@624 ok"}));

  Layout unseparated = layout_;
  unseparated.separator = Separator::kNone;
  const std::string packed = good + good + good.substr(0, 10);
  RecordSplitter by_length(packed, unseparated);
  std::vector<size_t> lengths;
  for (RawRecord raw; by_length.next(&raw);) lengths.push_back(raw.bytes.size());
  EXPECT_EQ(lengths, (std::vector<size_t>{320, 320, 10}));
}

TEST_F(RecordDecoderTest, TheBodyFollowsTheSchemaOrderAndPassesThePlatformSchemas) {
  const DecodedRecord r = decodeRecord(
      recordOf(layout_, encoded("CP932", jukiIdo("000000000000004"))), 0, layout_, gaiji_);
  const std::string body = buildBody(layout_, r);
  EXPECT_EQ(body.rfind("<m:JuminIdoTsuchi xmlns:m=\"urn:renkei:unit:juki:v1\"><m:IdoJiyu>C01<", 0),
            0u)
      << body;
  EXPECT_NE(body.find("<m:Jusho><m:Todofuken>山形県</m:Todofuken><m:Shikuchoson>米沢市<"),
            std::string::npos)
      << body;
  const BodyValidator validator(std::string(RENKEI_SOURCE_DIR) + "/xsd", layout_);
  EXPECT_FALSE(validator.check(body, 0)) << validator.check(body, 0)->reason;

  // A value the field type lets through but the schema does not names the field.
  auto fields = encoded("CP932", jukiIdo("000000000000004"));
  fields["AtenaNo"] = "12345";
  const DecodedRecord short_atena = decodeRecord(recordOf(layout_, fields), 320, layout_, gaiji_);
  ASSERT_TRUE(short_atena.ok());
  const auto issue = validator.check(buildBody(layout_, short_atena), 320);
  ASSERT_TRUE(issue);
  EXPECT_EQ(issue->field, "AtenaNo");
  EXPECT_EQ(issue->offset, 320u);
  EXPECT_NE(issue->reason.find("Jumin/AtenaNo"), std::string::npos) << issue->reason;

  const Layout kazei = readLayoutFile(layoutPath("juminzei-kazei.xml"));
  const std::string record = recordOf(kazei, encoded("CP932", {{"AtenaNo", "000000000000004"},
                                                               {"Nendo", "2024"},
                                                               {"KazeiKubun", "1"},
                                                               {"Shimei", "直江　健"},
                                                               {"KanaShimei", "ﾅｵｴ ｹﾝ"},
                                                               {"GokeiShotoku", "000003200000"},
                                                               {"KazeiHyojunGaku", "000002100000"},
                                                               {"ShotokuWari", "0000126000"},
                                                               {"KintouWari", "0005000"},
                                                               {"FuyoNinzu", "01"},
                                                               {"ShinkokuDate", "R060315"}}));
  const DecodedRecord k = decodeRecord(record, 0, kazei, gaiji_);
  ASSERT_TRUE(k.ok()) << k.firstError()->reason;
  const std::string kazei_body = buildBody(kazei, k);
  const BodyValidator kazei_validator(std::string(RENKEI_SOURCE_DIR) + "/xsd", kazei);
  EXPECT_FALSE(kazei_validator.check(kazei_body, 0)) << kazei_body;
}

}  // namespace
}  // namespace renkei::file
