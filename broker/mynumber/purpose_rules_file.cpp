#include "broker/mynumber/purpose_rules_file.h"

#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <tuple>

#include <xercesc/dom/DOM.hpp>

#include "broker/audit/audit_hash.h"
#include "broker/config/config_attr.h"
#include "broker/xml/dom_util.h"
#include "broker/xml/hardened_parser.h"
#include "broker/xml/own_file_issue.h"
#include "broker/xml/schema_set.h"
#include "broker/xml/start_tag_lines.h"

namespace renkei::mynumber {
namespace {

constexpr const char* kRulesNs = "urn:renkei:mynumber:purpose-rules:v1";

// Loaded once per schema directory: the CLI and the tests each use one or two.
const xml::SchemaSet& rulesSchema(const std::filesystem::path& xsd_dir) {
  static std::mutex mutex;
  static std::map<std::filesystem::path, std::unique_ptr<xml::SchemaSet>> loaded;
  std::lock_guard lock(mutex);
  auto& slot = loaded[xsd_dir];
  if (!slot) {
    const auto file = xsd_dir / "mynumber" / "purpose-rules.xsd";
    try {
      slot = std::make_unique<xml::SchemaSet>(xml::SchemaSet::loadFiles({file}));
    } catch (const std::exception& e) {
      throw PurposeRulesError("cannot load the purpose rules schema " + file.string() + ": " +
                              e.what());
    }
  }
  return *slot;
}

PurposeRule ruleOf(const XERCES_CPP_NAMESPACE::DOMElement* element) {
  using config::attr;
  return PurposeRule{
      attr(element, "jimuCode"),   attr(element, "jimuName"),  attr(element, "requester"),
      attr(element, "provider"),   attr(element, "itemCode"),  attr(element, "itemName"),
      attr(element, "legalBasis"), attr(element, "validFrom"), attr(element, "validTo")};
}

class Checker {
 public:
  Checker(const std::string& path) : path_(path) {}

  void check(const PurposeRule& rule, int line) {
    if (!rule.valid_from.empty() && !rule.valid_to.empty() && rule.valid_to < rule.valid_from) {
      fail(line, "validTo", rule.valid_to + " is before validFrom " + rule.valid_from);
    }
    const auto key = std::make_tuple(rule.jimu_code, rule.requester, rule.provider, rule.item_code,
                                     rule.valid_from);
    if (const auto [it, fresh] = rows_.emplace(key, line); !fresh) {
      fail(line, "jimuCode",
           "the same row (jimuCode " + rule.jimu_code + ", requester " + rule.requester +
               ", provider " + rule.provider + ", itemCode " + rule.item_code + ", validFrom " +
               (rule.valid_from.empty() ? "-" : rule.valid_from) + ") is already at line " +
               std::to_string(it->second));
    }
    sameName(jimu_names_, rule.jimu_code, rule.jimu_name, line, "jimuName");
    sameName(item_names_, rule.item_code, rule.item_name, line, "itemName");
  }

 private:
  struct Named {
    std::string name;
    int line;
  };

  void sameName(std::map<std::string, Named>& seen, const std::string& code,
                const std::string& name, int line, const char* field) {
    const auto [it, fresh] = seen.emplace(code, Named{name, line});
    if (!fresh && it->second.name != name) {
      fail(line, field,
           "'" + name + "' differs from '" + it->second.name + "' given to " + code + " at line " +
               std::to_string(it->second.line));
    }
  }

  [[noreturn]] void fail(int line, const std::string& field, const std::string& what) const {
    throw PurposeRulesError(path_ + (line > 0 ? ":" + std::to_string(line) : std::string()) +
                            ": rule: attribute " + field + ": " + what);
  }

  const std::string& path_;
  std::map<std::tuple<std::string, std::string, std::string, std::string, std::string>, int> rows_;
  std::map<std::string, Named> jimu_names_;
  std::map<std::string, Named> item_names_;
};

}  // namespace

PurposeRulesFile parsePurposeRules(std::string_view bytes, const std::string& path,
                                   const std::filesystem::path& xsd_dir) {
  xml::ParserLimits limits;
  limits.max_depth = 4;
  limits.max_attributes = 16;
  limits.max_bytes = 64 * 1024 * 1024;
  xml::ParseResult parsed =
      xml::HardenedParser::forThisThread(rulesSchema(xsd_dir), limits).parse(bytes);
  if (!parsed.ok()) {
    const FaultInfo& f = *parsed.fault;
    throw PurposeRulesError(path + ":" + std::to_string(f.line) + ":" + std::to_string(f.column) +
                            ": " + f.reason);
  }
  const auto* root = parsed.document->root();
  if (!xml::isElement(root, kRulesNs, "purposeRules")) {
    throw PurposeRulesError(path + ": the root element must be {" + std::string(kRulesNs) +
                            "}purposeRules, found " + xml::qualifiedName(root));
  }
  if (!parsed.document->issues().empty()) {
    const xml::ValidationIssue& issue = parsed.document->issues().front();
    throw PurposeRulesError(path + ":" + std::to_string(issue.line) + ":" +
                            std::to_string(issue.column) + ": " +
                            xml::describeOwnFileIssue(issue, root));
  }
  PurposeRulesFile file;
  file.path = path;
  file.sha256 = sha256Hex(bytes);
  const std::vector<int> lines = xml::startTagLines(bytes, "rule");
  Checker checker(path);
  for (const auto* element : xml::childElements(root)) {
    const int line = file.rules.size() < lines.size() ? lines[file.rules.size()] : 0;
    PurposeRule rule = ruleOf(element);
    checker.check(rule, line);
    file.rules.push_back(std::move(rule));
    file.lines.push_back(line);
  }
  return file;
}

PurposeRulesFile readPurposeRulesFile(const std::string& path,
                                      const std::filesystem::path& xsd_dir) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw PurposeRulesError(path + ": cannot open the purpose rules file");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return parsePurposeRules(bytes.str(), path, xsd_dir);
}

}  // namespace renkei::mynumber
