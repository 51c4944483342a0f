#include "broker/audit/link_content.h"

#include <utility>
#include <vector>

#include "broker/core/json_text.h"

namespace renkei {
namespace {

// The text columns of a link, by their configuration/CSV names. Status and crossTenant are not
// plain text and are written separately.
const std::vector<std::pair<const char*, std::string Link::*>>& textColumns() {
  static const std::vector<std::pair<const char*, std::string Link::*>> columns = {
      {"sender", &Link::sender},
      {"receiver", &Link::receiver},
      {"service", &Link::service_name},
      {"version", &Link::service_version},
      {"purpose", &Link::purpose_code},
      {"purposeName", &Link::purpose_name},
      {"legalBasis", &Link::legal_basis},
      {"validFrom", &Link::valid_from},
      {"validTo", &Link::valid_to},
      {"dataItems", &Link::data_items},
      {"department", &Link::department},
      {"vendor", &Link::vendor},
      {"approver", &Link::approver},
      {"reviewDate", &Link::review_date},
      {"note", &Link::note},
  };
  return columns;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> linkContentColumns(const Link& link) {
  std::vector<std::pair<std::string, std::string>> columns;
  for (const auto& [name, member] : textColumns()) columns.emplace_back(name, link.*member);
  columns.emplace_back("status", linkStatusName(link.status));
  columns.emplace_back("crossTenant", link.cross_tenant ? "true" : "false");
  return columns;
}

std::string linkContentText(const Link& link) {
  std::string out = "{";
  for (const auto& [name, value] : linkContentColumns(link)) {
    if (out.size() > 1) out += ",";
    // crossTenant is the one boolean: written bare, as JSON's true or false.
    out += jsonString(name) + ":" + (name == "crossTenant" ? value : jsonString(value));
  }
  return out + "}";
}

LinkChange linkCreationRow(const Link& link) {
  LinkChange row;
  row.link_id = link.id;
  row.action = "created";
  row.to_status = linkStatusName(link.status);
  row.field = kLinkContentField;
  row.after = linkContentText(link);
  return row;
}

std::optional<Link> parseLinkContentText(const std::string& text, std::string& error) {
  auto object = parseFlatJsonObject(text, error);
  if (!object) return std::nullopt;
  return linkFromContentObject(*object, error);
}

std::optional<Link> linkFromContentObject(const FlatJsonObject& content, std::string& error) {
  const FlatJsonObject* object = &content;  // read through a pointer like the parsed text
  Link link;
  for (const auto& [name, member] : textColumns()) {
    auto it = object->find(name);
    if (it == object->end() || it->second.kind != FlatJsonValue::Kind::kString) {
      error = std::string("no text value for \"") + name + "\"";
      return std::nullopt;
    }
    link.*member = it->second.text;
  }
  auto status = object->find("status");
  if (status == object->end() || !parseLinkStatus(status->second.text, &link.status)) {
    error = "no known \"status\"";
    return std::nullopt;
  }
  auto cross = object->find("crossTenant");
  if (cross == object->end() || cross->second.kind != FlatJsonValue::Kind::kBool) {
    error = "no true/false \"crossTenant\"";
    return std::nullopt;
  }
  link.cross_tenant = cross->second.text == "true";
  return link;
}

}  // namespace renkei
