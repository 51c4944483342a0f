// The JSON form of the platform messages, generated from the real XSDs: names and types per
// element, arrays where the schema repeats, and the round trip JSON -> XML -> JSON.
#include <gtest/gtest.h>

#include "adapters/rest/json_parser.h"
#include "adapters/rest/json_shape.h"
#include "adapters/rest/json_to_xml.h"
#include "adapters/rest/xml_to_json.h"
#include "broker/xml/hardened_parser.h"
#include "broker/xml/schema_set.h"

namespace renkei::rest {
namespace {

constexpr const char* kJuki = "urn:renkei:unit:juki:v1";
constexpr const char* kKokuho = "urn:renkei:unit:kokuho:v1";

const xml::SchemaSet& schemas() {
  static const xml::SchemaSet set =
      xml::SchemaSet::loadDirectory(std::string(RENKEI_SOURCE_DIR) + "/xsd");
  return set;
}

const JsonMapping& mapping() {
  static const JsonMapping map(schemas());
  return map;
}

JsonValue json(std::string_view text) {
  JsonParse parse = parseJson(text);
  EXPECT_TRUE(parse.value) << parse.error.message;
  return parse.value.value_or(JsonValue{});
}

TEST(JsonMapping, GivesEveryElementOfAServiceANameAndAType) {
  const JsonShape* request = mapping().root(kJuki, "IdoJohoShokaiRequest");
  ASSERT_NE(request, nullptr);
  EXPECT_EQ(request->type, JsonShape::Type::kObject);
  // The choice (AtenaNo | KanaShimei + SeinenGappi) flattened, in schema order, none required.
  ASSERT_EQ(request->children.size(), 4u);
  EXPECT_EQ(request->children[0].shape->name, "AtenaNo");
  EXPECT_EQ(request->children[1].shape->name, "KanaShimei");
  EXPECT_EQ(request->children[2].shape->name, "SeinenGappi");
  EXPECT_EQ(request->children[3].shape->name, "KijunDate");
  for (const JsonMember& member : request->children) {
    EXPECT_FALSE(member.required) << member.shape->name;
    EXPECT_FALSE(member.repeated) << member.shape->name;
    EXPECT_EQ(member.shape->type, JsonShape::Type::kString) << member.shape->name;
  }
  EXPECT_NE(request->children[0].shape->documentation.find("宛名番号"), std::string::npos);

  const JsonShape* response = mapping().root(kJuki, "IdoJohoShokaiResponse");
  ASSERT_NE(response, nullptr);
  const JsonMember* count = response->child("ResultCount");
  ASSERT_NE(count, nullptr);
  EXPECT_TRUE(count->required);
  EXPECT_EQ(count->shape->type, JsonShape::Type::kInteger);  // common:Count is an xs:int
  const JsonMember* jumin = response->child("Jumin");
  ASSERT_NE(jumin, nullptr);
  EXPECT_TRUE(jumin->repeated);  // maxOccurs="100": an array
  EXPECT_EQ(jumin->shape->type, JsonShape::Type::kObject);
  EXPECT_EQ(jumin->shape->child("Jusho")->shape->type, JsonShape::Type::kObject);
  const JsonMember* seibetsu = jumin->shape->child("Seibetsu");
  ASSERT_NE(seibetsu, nullptr);
  EXPECT_EQ(seibetsu->shape->enumeration, (std::vector<std::string>{"1", "2", "9"}));

  const JsonShape* shikaku = mapping().root(kKokuho, "ShikakuJohoShokaiResponse");
  ASSERT_NE(shikaku, nullptr);
  EXPECT_EQ(shikaku->child("Shikaku")->shape->child("Setainushi")->shape->type,
            JsonShape::Type::kBoolean);
  EXPECT_EQ(mapping().root(kJuki, "NoSuchElement"), nullptr);
}

TEST(JsonMapping, WritesTheRequestElementInItsNamespace) {
  const JsonShape& request = *mapping().root(kJuki, "IdoJohoShokaiRequest");
  const XmlBody body = xmlFromJson(
      request,
      json(R"({"KanaShimei":"ヤマダ　タロウ","SeinenGappi":"1980-04-01","KijunDate":null})"));
  ASSERT_FALSE(body.error) << body.error->message;
  EXPECT_EQ(body.xml,
            "<IdoJohoShokaiRequest xmlns=\"urn:renkei:unit:juki:v1\"><KanaShimei>ヤマダ　タロウ"
            "</KanaShimei><SeinenGappi>1980-04-01</SeinenGappi></IdoJohoShokaiRequest>");
  const XmlBody escaped = xmlFromJson(request, json(R"({"AtenaNo":"<&>\""})"));
  ASSERT_FALSE(escaped.error);
  EXPECT_NE(escaped.xml.find("<AtenaNo>&lt;&amp;&gt;&quot;</AtenaNo>"), std::string::npos);
}

TEST(JsonMapping, RefusesWhatDoesNotFitTheSchemaNamingTheMember) {
  const JsonShape& request = *mapping().root(kJuki, "IdoJohoShokaiRequest");
  const JsonShape& response = *mapping().root(kJuki, "IdoJohoShokaiResponse");
  struct Case {
    const JsonShape* shape;
    const char* body;
    const char* path;
    const char* says;
  } cases[] = {
      {&request, R"({"AtenaNo":123})", "/AtenaNo", "must be a JSON string, not number"},
      {&request, R"({"Atenano":"000000000000019"})", "/Atenano", "is not an element of"},
      {&request, R"(["AtenaNo"])", "/", "must be a JSON object, not array"},
      {&response, R"({"ResultCount":1.5})", "/ResultCount", "must be a whole number"},
      {&response, R"({"ResultCount":"1"})", "/ResultCount", "must be a JSON integer"},
      {&response, R"({"ResultCount":1,"Jumin":{}})", "/Jumin", "must be a JSON array"},
      {&response, R"({"ResultCount":1,"Jumin":[{"Jusho":{"Todofuken":true}}]})",
       "/Jumin/0/Jusho/Todofuken", "must be a JSON string, not boolean"},
      {&request, "{\"AtenaNo\":\"a\\u0001\"}", "/AtenaNo", "control character"},
  };
  for (const Case& c : cases) {
    const XmlBody body = xmlFromJson(*c.shape, json(c.body));
    ASSERT_TRUE(body.error) << c.body;
    EXPECT_EQ(body.error->path, c.path) << c.body;
    EXPECT_NE(body.error->message.find(c.says), std::string::npos)
        << c.body << ": " << body.error->message;
  }
}

TEST(JsonMapping, AnswerRoundTripsThroughXmlWithTypesAndArrays) {
  const JsonShape& response = *mapping().root(kKokuho, "ShikakuJohoShokaiResponse");
  const std::string given =
      R"({"ResultCount":1,"Shikaku":[{"AtenaNo":"000000000000019","HokenshaBango":"068015",)"
      R"("HihokenshaKigo":"米沢","HihokenshaBango":"12345","ShikakuShutokuDate":"2020-04-01",)"
      R"("Setainushi":true,"SetaiNo":"000000000000001"}]})";
  const XmlBody body = xmlFromJson(response, json(given));
  ASSERT_FALSE(body.error) << body.error->message;
  // Parsed and validated as the broker parses a receiver's body element.
  xml::HardenedParser parser(schemas(), xml::ParserLimits{});
  const xml::ParseResult parse = parser.parse(body.xml);
  ASSERT_TRUE(parse.ok()) << parse.fault->reason;
  for (const auto& issue : parse.document->issues()) ADD_FAILURE() << issue.message;
  const std::string back = jsonFromXml(response, parse.document->root());
  EXPECT_EQ(back, given);
}

}  // namespace
}  // namespace renkei::rest
