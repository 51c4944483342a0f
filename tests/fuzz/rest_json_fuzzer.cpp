// Fuzz target for what a REST caller controls (adapters/rest): the JSON body (strict parser,
// then the XSD-driven mapping onto 異動情報照会's request) and the bearer token (JWT verifier).
// Replayed over corpus/rest_json as an ordinary test; a libFuzzer binary with clang
// (-DRENKEI_FUZZ=ON).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "adapters/rest/json_parser.h"
#include "adapters/rest/json_shape.h"
#include "adapters/rest/json_to_xml.h"
#include "adapters/rest/jwt_verifier.h"
#include "broker/xml/schema_set.h"

namespace {

const renkei::rest::JsonMapping& mapping() {
  static const renkei::xml::SchemaSet schemas =
      renkei::xml::SchemaSet::loadDirectory(std::string(RENKEI_SOURCE_DIR) + "/xsd");
  static const renkei::rest::JsonMapping map(schemas);
  return map;
}

renkei::rest::JwtVerifier& verifier() {
  static renkei::rest::JwtVerifier v(
      {renkei::rest::JwtClient{"062022/kokuho", "062022/kokuho", renkei::rest::JwtAlgorithm::kHs256,
                               "fuzz-secret-0123456789abcdef0123456789", nullptr}},
      renkei::rest::JwtPolicy{"https://broker.example/api/v1", std::chrono::seconds(60),
                              std::chrono::seconds(3600)});
  return v;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const renkei::rest::JsonParse parse = renkei::rest::parseJson(bytes);
  if (!parse.value && (parse.error.line < 1 || parse.error.column < 1)) __builtin_trap();
  if (parse.value) {
    const auto* shape = mapping().root("urn:renkei:unit:juki:v1", "IdoJohoShokaiRequest");
    if (shape == nullptr) __builtin_trap();
    const renkei::rest::XmlBody body = renkei::rest::xmlFromJson(*shape, *parse.value);
    if (!body.error && body.xml.rfind("<IdoJohoShokaiRequest", 0) != 0) __builtin_trap();
  }
  // Never valid (no key signs fuzz input), never a crash.
  if (verifier().verify(bytes, std::chrono::system_clock::now()).ok) __builtin_trap();
  return 0;
}
