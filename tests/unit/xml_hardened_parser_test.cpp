#include "broker/xml/hardened_parser.h"

#include <gtest/gtest.h>

#include "tests/unit/support/project_schemas.h"

#include <xercesc/framework/MemBufInputSource.hpp>

#include <atomic>
#include <filesystem>
#include <string>
#include <thread>

namespace renkei::xml {
namespace {

using test_support::projectSchemas;

// A SOAP 1.1 request whose body line 6 holds the birth date.
std::string request(const std::string& birth_date) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">\n"
         "<soap:Body>\n"
         "<j:IdoJohoShokaiRequest xmlns:j=\"urn:renkei:unit:juki:v1\">\n"
         "<j:KanaShimei>ヤマダ　タロウ</j:KanaShimei>\n"
         "<j:SeinenGappi>" +
         birth_date +
         "</j:SeinenGappi>\n"
         "</j:IdoJohoShokaiRequest>\n"
         "</soap:Body>\n"
         "</soap:Envelope>\n";
}

ParseResult parse(const std::string& bytes, ParserLimits limits = {}) {
  return HardenedParser::forThisThread(projectSchemas(), limits).parse(bytes);
}

FaultCode codeOf(const ParseResult& result) {
  return result.fault ? result.fault->code : FaultCode::kInternal;
}

TEST(HardenedParserTest, ValidSoap11DocumentHasNoIssues) {
  ParseResult result = parse(request("1980-01-15"));
  ASSERT_TRUE(result.ok()) << result.fault->reason;
  EXPECT_TRUE(result.document->issues().empty()) << result.document->issues().front().message;
}

TEST(HardenedParserTest, ValidSoap12DocumentHasNoIssues) {
  std::string doc =
      "<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\"><env:Body>"
      "<j:IdoJohoShokaiRequest xmlns:j=\"urn:renkei:unit:juki:v1\">"
      "<j:AtenaNo>000000000012345</j:AtenaNo></j:IdoJohoShokaiRequest>"
      "</env:Body></env:Envelope>";
  ParseResult result = parse(doc);
  ASSERT_TRUE(result.ok()) << result.fault->reason;
  EXPECT_TRUE(result.document->issues().empty()) << result.document->issues().front().message;
}

TEST(HardenedParserTest, InvalidDateIsAnIssueWithPathAndLine) {
  ParseResult result = parse(request("1980-13-45"));
  ASSERT_TRUE(result.ok());
  ASSERT_FALSE(result.document->issues().empty());
  const ValidationIssue& issue = result.document->issues().front();
  EXPECT_EQ(issue.element_path, "/Envelope/Body/IdoJohoShokaiRequest/SeinenGappi");
  EXPECT_EQ(issue.line, 6);
  EXPECT_GT(issue.column, 0);
  EXPECT_FALSE(issue.message.empty());
  // The offending value may be personal data; it never reaches fault reasons or audit.
  EXPECT_EQ(issue.message.find("1980-13-45"), std::string::npos) << issue.message;
  EXPECT_EQ(result.document->issuesUnder("/Envelope/Body").size(),
            result.document->issues().size());
  EXPECT_TRUE(result.document->issuesUnder("/Envelope/Header").empty());
}

TEST(HardenedParserTest, DoctypeIsRefused) {
  ParseResult result = parse("<!DOCTYPE x [<!ELEMENT x ANY>]><x/>");
  EXPECT_EQ(codeOf(result), FaultCode::kForbiddenXmlConstruct);
  EXPECT_EQ(result.fault->reason, "DOCTYPE is not allowed");
}

TEST(HardenedParserTest, DoctypeAfterCommentsAndPisIsRefused) {
  ParseResult result =
      parse("<?xml version=\"1.0\"?><!-- a --><?pi x?>\n<!DOCTYPE x SYSTEM \"x.dtd\"><x/>");
  EXPECT_EQ(codeOf(result), FaultCode::kForbiddenXmlConstruct);
}

TEST(HardenedParserTest, ParserHookRefusesDoctypeWithoutThePrescan) {
  // The prolog scan is the first line of defence; the parser's own hook is the second.
  GuardedDomParser guarded(projectSchemas().pool().get());
  guarded.setDoNamespaces(true);
  guarded.setDisableDefaultEntityResolution(true);
  guarded.begin({});
  std::string doc = "<!DOCTYPE x [<!ENTITY e \"v\">]><x>&e;</x>";
  XERCES_CPP_NAMESPACE::MemBufInputSource source(reinterpret_cast<const XMLByte*>(doc.data()),
                                                 doc.size(), u"test", false);
  EXPECT_THROW(guarded.parse(source), ParseAborted);
  ASSERT_TRUE(guarded.fault());
  EXPECT_EQ(guarded.fault()->code, FaultCode::kForbiddenXmlConstruct);
}

TEST(HardenedParserTest, ExternalEntityIsRefused) {
  ParseResult result = parse(
      "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>");
  EXPECT_EQ(codeOf(result), FaultCode::kForbiddenXmlConstruct);
}

TEST(HardenedParserTest, BillionLaughsIsRefused) {
  std::string doc = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">";
  for (int i = 1; i <= 9; ++i) {
    doc += "<!ENTITY lol" + std::to_string(i) + " \"";
    for (int j = 0; j < 10; ++j)
      doc += "&lol" + (i == 1 ? std::string() : std::to_string(i - 1)) + ";";
    doc += "\">";
  }
  doc += "]><lolz>&lol9;</lolz>";
  EXPECT_EQ(codeOf(parse(doc)), FaultCode::kForbiddenXmlConstruct);
}

TEST(HardenedParserTest, UndeclaredEntityIsNotWellFormed) {
  EXPECT_EQ(codeOf(parse("<r>&x;</r>")), FaultCode::kInvalidXml);
}

TEST(HardenedParserTest, DeepNestingIsRefusedEarly) {
  std::string doc;
  for (int i = 0; i < 100000; ++i) doc += "<a>";
  for (int i = 0; i < 100000; ++i) doc += "</a>";
  ParseResult result = parse(doc);
  EXPECT_EQ(codeOf(result), FaultCode::kForbiddenXmlConstruct);
  EXPECT_NE(result.fault->reason.find("64"), std::string::npos) << result.fault->reason;
}

TEST(HardenedParserTest, NestingAtTheLimitIsAccepted) {
  std::string doc;
  for (int i = 0; i < 64; ++i) doc += "<a>";
  for (int i = 0; i < 64; ++i) doc += "</a>";
  EXPECT_TRUE(parse(doc).ok());
}

TEST(HardenedParserTest, TooManyAttributesAreRefused) {
  std::string doc = "<r";
  for (int i = 0; i < 200; ++i) doc += " a" + std::to_string(i) + "=\"v\"";
  doc += "/>";
  ParseResult result = parse(doc);
  EXPECT_EQ(codeOf(result), FaultCode::kForbiddenXmlConstruct);
  EXPECT_NE(result.fault->reason.find("64"), std::string::npos) << result.fault->reason;
}

TEST(HardenedParserTest, OversizedInputIsRefusedBeforeParsing) {
  std::string doc = "<r>" + std::string(5 * 1024 * 1024, 'x') + "</r>";
  EXPECT_EQ(codeOf(parse(doc)), FaultCode::kMessageTooLarge);
}

TEST(HardenedParserTest, LongTextNodeIsRefused) {
  ParserLimits limits;
  limits.max_text_node = 1000;
  ParseResult result = parse("<r>" + std::string(5000, 'x') + "</r>", limits);
  EXPECT_EQ(codeOf(result), FaultCode::kForbiddenXmlConstruct);
}

TEST(HardenedParserTest, NotWellFormedNamesLineAndColumn) {
  ParseResult result = parse("<r>\n<a></b>\n</r>");
  ASSERT_EQ(codeOf(result), FaultCode::kInvalidXml);
  EXPECT_EQ(result.fault->line, 2);
  EXPECT_GT(result.fault->column, 0);
}

TEST(HardenedParserTest, TruncatedAndEmptyInputAreInvalidXml) {
  EXPECT_EQ(codeOf(parse(request("1980-01-15").substr(0, 120))), FaultCode::kInvalidXml);
  EXPECT_EQ(codeOf(parse("")), FaultCode::kInvalidXml);
  EXPECT_EQ(codeOf(parse("   ")), FaultCode::kInvalidXml);
  EXPECT_EQ(codeOf(parse("not xml")), FaultCode::kInvalidXml);
}

TEST(HardenedParserTest, NonUtf8EncodingsAreRefused) {
  EXPECT_EQ(codeOf(parse("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><r/>")),
            FaultCode::kInvalidXml);
  EXPECT_EQ(codeOf(parse(std::string("\xFF\xFE<\0r\0/\0>\0", 10))), FaultCode::kInvalidXml);
  EXPECT_TRUE(parse("<?xml version=\"1.0\" encoding=\"us-ascii\"?><r/>").ok());
  EXPECT_TRUE(parse("\xEF\xBB\xBF<?xml version='1.0' encoding='utf-8'?><r/>").ok());
}

// The refusal quotes the declared name; a name of bytes that are not UTF-8 must not make the
// fault itself invalid (found by the envelope fuzzer).
TEST(HardenedParserTest, AnEncodingNameOfRawBytesIsQuotedPrintably) {
  const ParseResult result = parse("<?xml version=\"1.0\" encoding=\"UTF-\x8d\x8d\x01\"?><r/>");
  ASSERT_EQ(codeOf(result), FaultCode::kInvalidXml);
  EXPECT_EQ(result.fault->reason,
            "encoding 'UTF-???"  // split: "??'" would be a trigraph
            "' is not accepted; platform messages are UTF-8");
}

TEST(HardenedParserTest, BadUtf8IsInvalidXml) {
  EXPECT_EQ(codeOf(parse("<r>\xC3\x28</r>")), FaultCode::kInvalidXml);
  EXPECT_EQ(codeOf(parse("<r>\xFF\xFF</r>")), FaultCode::kInvalidXml);
}

TEST(HardenedParserTest, SchemaLocationHintsAreIgnored) {
  ParseResult result = parse(
      "<t:r xmlns:t=\"urn:nowhere\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
      "xsi:schemaLocation=\"urn:nowhere http://192.0.2.1/evil.xsd\"/>");
  ASSERT_TRUE(result.ok());
  EXPECT_FALSE(result.document->wasDeclared(result.document->root()));
}

TEST(HardenedParserTest, ParserIsReusedPerThreadAndDocumentsOutliveParses) {
  HardenedParser& first = HardenedParser::forThisThread(projectSchemas(), {});
  HardenedParser& second = HardenedParser::forThisThread(projectSchemas(), {});
  EXPECT_EQ(&first, &second);
  ParseResult kept = first.parse(request("1980-01-15"));
  for (int i = 0; i < 200; ++i) {
    first.parse(i % 2 ? request("bad") : "<!DOCTYPE x><x/>");
  }
  ASSERT_TRUE(kept.ok());
  EXPECT_NE(kept.document->root(), nullptr);
}

TEST(HardenedParserTest, ThreadsParseConcurrentlyAgainstOnePool) {
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&failures, t] {
      for (int i = 0; i < 50; ++i) {
        ParseResult r = parse(request(i % 2 ? "1980-01-15" : "oops"));
        bool expect_issue = i % 2 == 0;
        if (!r.ok() || r.document->issues().empty() != !expect_issue) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
}

}  // namespace
}  // namespace renkei::xml
