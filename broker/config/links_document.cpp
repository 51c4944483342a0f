#include "broker/config/links_document.h"

#include <xercesc/dom/DOM.hpp>

#include "broker/config/broker_config.h"
#include "broker/config/config_loader.h"
#include "broker/config/link_element.h"
#include "broker/xml/dom_util.h"
#include "broker/xml/hardened_parser.h"
#include "broker/xml/own_file_issue.h"
#include "broker/xml/start_tag_lines.h"

namespace renkei {

namespace {

constexpr const char* kConfigNs = "urn:renkei:config:v1";

std::string escapeAttribute(const std::string& value) {
  std::string out;
  for (char c : value) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '"':
        out += "&quot;";
        break;
      // Attribute-value normalization would turn these into spaces.
      case '\n':
        out += "&#10;";
        break;
      case '\r':
        out += "&#13;";
        break;
      case '\t':
        out += "&#9;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

void attribute(std::string& out, const char* name, const std::string& value) {
  if (value.empty()) return;
  out += std::string(" ") + name + "=\"" + escapeAttribute(value) + "\"";
}

}  // namespace

std::vector<LinksDocumentEntry> readLinksDocument(std::string_view bytes, const std::string& file) {
  xml::ParserLimits limits;
  limits.max_depth = 8;
  limits.max_attributes = 32;
  limits.max_bytes = 64 * 1024 * 1024;
  xml::ParseResult parsed =
      xml::HardenedParser::forThisThread(configSchemaSet(), limits).parse(bytes);
  if (!parsed.ok()) {
    const FaultInfo& f = *parsed.fault;
    throw ConfigError(file + ":" + std::to_string(f.line) + ":" + std::to_string(f.column) + ": " +
                      f.reason);
  }
  const auto* root = parsed.document->root();
  if (!xml::isElement(root, kConfigNs, "links")) {
    throw ConfigError(file + ": the root element must be {" + std::string(kConfigNs) +
                      "}links, found " + xml::qualifiedName(root));
  }
  if (!parsed.document->issues().empty()) {
    const xml::ValidationIssue& issue = parsed.document->issues().front();
    throw ConfigError(file + ":" + std::to_string(issue.line) + ":" + std::to_string(issue.column) +
                      ": " + xml::describeOwnFileIssue(issue, root));
  }
  const std::vector<int> lines = xml::startTagLines(bytes, "link");
  std::vector<LinksDocumentEntry> entries;
  for (const auto* element : xml::childElements(root)) {
    LinksDocumentEntry entry;
    entry.line = entries.size() < lines.size() ? lines[entries.size()] : 0;
    entry.link = linkFromElement(element);
    entries.push_back(std::move(entry));
  }
  return entries;
}

std::string writeLinksDocument(const std::vector<Link>& links) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<links xmlns=\"urn:renkei:config:v1\">\n";
  for (const Link& l : links) {
    out += "  <link";
    attribute(out, "sender", l.sender);
    attribute(out, "receiver", l.receiver);
    attribute(out, "service", l.service_name);
    attribute(out, "version", l.service_version);
    attribute(out, "purpose", l.purpose_code);
    attribute(out, "purposeName", l.purpose_name);
    attribute(out, "legalBasis", l.legal_basis);
    attribute(out, "status", linkStatusName(l.status));
    attribute(out, "validFrom", l.valid_from);
    attribute(out, "validTo", l.valid_to);
    if (l.cross_tenant) attribute(out, "crossTenant", "true");
    attribute(out, "dataItems", l.data_items);
    attribute(out, "department", l.department);
    attribute(out, "vendor", l.vendor);
    attribute(out, "approver", l.approver);
    attribute(out, "reviewDate", l.review_date);
    attribute(out, "note", l.note);
    out += "/>\n";
  }
  out += "</links>\n";
  return out;
}

}  // namespace renkei
