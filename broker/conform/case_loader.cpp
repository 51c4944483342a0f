#include "broker/conform/case_loader.h"

#include <algorithm>
#include <cstdlib>
#include <map>

#include "broker/conform/xml_file.h"
#include "broker/xml/dom_util.h"

namespace renkei::conform {
namespace {

namespace fs = std::filesystem;
using XERCES_CPP_NAMESPACE::DOMElement;

std::vector<fs::path> xmlFilesIn(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw ConformInputError(dir.string() + ": not a folder");
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".xml") files.push_back(entry);
  }
  std::sort(files.begin(), files.end());
  return files;
}

bool flag(const DOMElement* e, const char* name) { return attr(e, name) == "true"; }

ExchangeSpec readExchange(const DOMElement* x) {
  ExchangeSpec spec;
  spec.all_operations = attr(x, "operations", "all") == "all";
  const std::string soap = attr(x, "soap", "each");
  spec.soap = soap == "1.1" ? SoapChoice::k11 : soap == "1.2" ? SoapChoice::k12 : SoapChoice::kEach;
  spec.repeat = std::stoi(attr(x, "repeat", "1"));  // the schema guaranteed 1..10
  spec.pad_to_limit = std::stod(attr(x, "padToLimit", "0"));
  for (const DOMElement* child : xml::childElements(x)) {
    const std::string name = xml::localName(child);
    if (name == "envelope") {
      spec.envelope_template = xml::textOf(child);
    } else if (name == "body") {
      spec.body_ref = attr(child, "ref");
      spec.body_template = xml::textOf(child);
    } else if (name == "set") {
      spec.header_overrides[attr(child, "field")] = xml::textOf(child);
    } else if (name == "expect") {
      Expectation& e = spec.expect;
      e.fault = attr(child, "outcome") == "fault";
      e.answer_element = flag(child, "answerElement");
      e.schema_valid = flag(child, "schemaValid");
      e.correlation = flag(child, "correlation");
      e.routing = flag(child, "routing");
      e.same_soap_version = flag(child, "sameSoapVersion");
      e.text = flag(child, "text");
      e.within_time_limit = flag(child, "withinTimeLimit");
      e.same_connection = flag(child, "sameConnection");
    }
  }
  return spec;
}

ConformCase readCase(const DOMElement* c, const fs::path& file) {
  ConformCase out;
  out.id = attr(c, "id");
  out.title = attr(c, "title");
  out.file = file.string();
  for (const DOMElement* child : xml::childElements(c)) {
    const std::string name = xml::localName(child);
    if (name == "rule") {
      out.rule_source = attr(child, "source");
      out.rule_ref = attr(child, "ref");
      out.rule_text = xml::textOf(child);
    } else if (name == "wsdl") {
      out.wsdl_check = attr(child, "check");
    } else if (name == "exchange") {
      out.exchange = readExchange(child);
    } else if (name == "received") {
      out.received_check = attr(child, "check");
    }
  }
  if (out.exchange && out.exchange->body_ref.empty() && out.exchange->body_template.empty()) {
    throw ConformInputError(out.file + ": case " + out.id +
                            ": <body> needs a ref attribute or an inline template");
  }
  return out;
}

OperationData readOperation(const DOMElement* o) {
  OperationData op;
  op.name = attr(o, "name");
  for (const DOMElement* child : xml::childElements(o)) {
    const std::string name = xml::localName(child);
    if (name == "valid") op.valid_body = xml::textOf(child);
    if (name == "invalid") {
      op.invalid_body = xml::textOf(child);
      op.invalid_why = attr(child, "why");
    }
    if (name == "answer") op.answer_body = xml::textOf(child);
    if (name == "text") {
      for (const DOMElement* t : xml::childElements(child)) {
        if (xml::localName(t) == "request") op.text_body = xml::textOf(t);
        if (xml::localName(t) == "expect") op.text_expected.push_back(xml::textOf(t));
      }
    }
  }
  return op;
}

}  // namespace

fs::path defaultConformDir() {
  if (const char* dir = std::getenv("RENKEI_CONFORM_DIR"); dir && *dir) return dir;
  return RENKEI_DEFAULT_CONFORM_DIR;
}

std::vector<ConformCase> loadCases(const std::vector<fs::path>& dirs, const fs::path& schema) {
  const xml::SchemaSet schemas = xml::SchemaSet::loadFiles({schema});
  std::vector<ConformCase> cases;
  std::map<std::string, std::string> seen;  // id -> file
  for (const fs::path& dir : dirs) {
    for (const fs::path& file : xmlFilesIn(dir)) {
      auto doc = parseValidated(file, schemas, kConformNs, "cases");
      for (const DOMElement* c : xml::childElements(doc->root())) {
        ConformCase one = readCase(c, file);
        auto [it, fresh] = seen.emplace(one.id, one.file);
        if (!fresh) {
          throw ConformInputError(one.file + ": case " + one.id + " is already defined in " +
                                  it->second);
        }
        cases.push_back(std::move(one));
      }
    }
  }
  return cases;
}

std::vector<DataSet> loadDataSets(const fs::path& dir, const fs::path& schema) {
  const xml::SchemaSet schemas = xml::SchemaSet::loadFiles({schema});
  std::vector<DataSet> sets;
  for (const fs::path& file : xmlFilesIn(dir)) {
    auto doc = parseValidated(file, schemas, kConformNs, "dataset");
    const DOMElement* root = doc->root();
    DataSet set;
    set.file = file.string();
    set.service = attr(root, "service");
    set.version = attr(root, "version");
    set.wsdl_path = (file.parent_path() / attr(root, "wsdl")).lexically_normal().string();
    set.sender = attr(root, "sender");
    set.receiver = attr(root, "receiver");
    set.purpose = attr(root, "purpose");
    set.time_limit_ms = std::stol(attr(root, "timeLimitMs"));
    set.max_message_bytes = std::stol(attr(root, "maxMessageBytes"));
    for (const DOMElement* o : xml::childElements(root)) set.operations.push_back(readOperation(o));
    sets.push_back(std::move(set));
  }
  return sets;
}

}  // namespace renkei::conform
