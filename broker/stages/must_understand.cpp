#include "broker/stages/must_understand.h"

#include <string_view>

#include "broker/core/platform_header.h"
#include "broker/wssec/wssec_names.h"

namespace renkei {

namespace {

constexpr std::string_view kSoap11ActorNext = "http://schemas.xmlsoap.org/soap/actor/next";
constexpr std::string_view kSoap12RoleNext = "http://www.w3.org/2003/05/soap-envelope/role/next";

// xs:boolean's lexical space, with surrounding whitespace collapsed as the schema would.
bool isTrue(std::string_view value) {
  constexpr std::string_view kSpace = " \t\n\r";
  const auto first = value.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return false;
  value = value.substr(first, value.find_last_not_of(kSpace) - first + 1);
  return value == "1" || value == "true";
}

bool addressedToBroker(const xml::HeaderBlockFacts& block, SoapVersion version) {
  return isTrue(block.must_understand) &&
         block.role == (version == SoapVersion::k11 ? kSoap11ActorNext : kSoap12RoleNext);
}

bool processedByBroker(const std::string& ns) {
  return ns == kPlatformHeaderNs || ns == wssec::kWsseNs;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> headerBlocksNotUnderstood(
    const xml::EnvelopeFacts& envelope) {
  std::vector<std::pair<std::string, std::string>> blocks;
  for (const xml::HeaderBlockFacts& block : envelope.header_blocks) {
    if (!addressedToBroker(block, envelope.version)) continue;
    if (processedByBroker(block.ns)) continue;
    blocks.emplace_back(block.ns, block.local);
  }
  return blocks;
}

}  // namespace renkei
