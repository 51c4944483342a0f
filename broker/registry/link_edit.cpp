#include "broker/registry/link_edit.h"

#include "broker/registry/link_rules.h"

namespace renkei {

namespace {

struct IdentityField {
  const char* name;
  const char* option;
  const char* element;
};

// The link's key, as the store keeps it unique; spelled as propose, CSV and SOAP spell it.
constexpr IdentityField kIdentityFields[] = {
    {"sender", "--sender", "Sender"},        {"receiver", "--receiver", "Receiver"},
    {"service", "--service", "ServiceName"}, {"version", "--version", "ServiceVersion"},
    {"purpose", "--purpose", "PurposeCode"},
};

// A proposal needs these (link_rules.cpp); an edit must not take away what a proposal needs.
bool isRequired(const EditableLinkField& field) {
  return field.member == &Link::purpose_name || field.member == &Link::legal_basis;
}

}  // namespace

const std::vector<EditableLinkField>& editableLinkFields() {
  static const std::vector<EditableLinkField> kFields = {
      {"purposeName", "--purpose-name", "PurposeName", &Link::purpose_name},
      {"legalBasis", "--legal-basis", "LegalBasis", &Link::legal_basis},
      {"dataItems", "--data-items", "DataItems", &Link::data_items},
      {"department", "--department", "Department", &Link::department},
      {"vendor", "--vendor", "Vendor", &Link::vendor},
      {"reviewDate", "--review-date", "ReviewDate", &Link::review_date},
      {"note", "--note", "Note", &Link::note},
  };
  return kFields;
}

const EditableLinkField* findEditableLinkField(std::string_view spelling) {
  for (const auto& field : editableLinkFields()) {
    if (spelling == field.name || spelling == field.option || spelling == field.element) {
      return &field;
    }
  }
  return nullptr;
}

std::string editableLinkFieldList(const char* EditableLinkField::*spelling) {
  std::string list;
  for (const auto& field : editableLinkFields()) {
    list += (list.empty() ? "" : ", ") + std::string(field.*spelling);
  }
  return list;
}

std::optional<std::string> identityFieldRefusal(std::string_view spelling) {
  for (const auto& field : kIdentityFields) {
    if (spelling == field.name || spelling == field.option || spelling == field.element) {
      return std::string(spelling) +
             " cannot be edited: sender, receiver, service, version and purpose are what was "
             "approved, so a link with another " +
             field.name +
             " stays a new link: propose one (and retire this one when it is no "
             "longer needed)";
    }
  }
  return std::nullopt;
}

std::optional<std::string> reviewDateRefusal(const std::string& date, const std::string& today) {
  if (!isIsoDate(date)) {
    return "must be a date written YYYY-MM-DD, not \"" + date + "\"";
  }
  // ISO dates order as text.
  if (date < today) {
    return "is in the past (" + date + "; today is " + today +
           " in Japan): the next review must be today or later";
  }
  return std::nullopt;
}

std::optional<std::string> editValueRefusal(const EditableLinkField& field,
                                            const std::string& value, const std::string& today) {
  if (field.member == &Link::review_date) {
    // Every link in service is due for review by some date; clearing it would hide the link from
    // the review-due report instead of reviewing it.
    if (value.empty()) return std::string("cannot be cleared: give the next review date");
    return reviewDateRefusal(value, today);
  }
  if (isRequired(field) && value.empty()) {
    return std::string("cannot be empty: every link states it");
  }
  return std::nullopt;
}

std::optional<LinkEditProblem> applyLinkFieldValues(Link& link, const LinkFieldValues& values,
                                                    const std::string& today) {
  for (const auto& [spelling, value] : values) {
    if (auto refusal = identityFieldRefusal(spelling)) {
      return LinkEditProblem{LinkEditProblem::kIdentityField, *refusal};
    }
    const EditableLinkField* field = findEditableLinkField(spelling);
    if (field == nullptr) {
      const bool option = spelling.rfind("--", 0) == 0;
      const bool element = !option && !spelling.empty() && spelling[0] >= 'A' && spelling[0] <= 'Z';
      const auto family = option    ? &EditableLinkField::option
                          : element ? &EditableLinkField::element
                                    : &EditableLinkField::name;
      return LinkEditProblem{LinkEditProblem::kUnknownField,
                             spelling + " is not a field that can be edited; the fields are " +
                                 editableLinkFieldList(family)};
    }
    if (auto refusal = editValueRefusal(*field, value, today)) {
      return LinkEditProblem{LinkEditProblem::kInvalidValue, spelling + " " + *refusal};
    }
    link.*(field->member) = value;
  }
  return std::nullopt;
}

std::vector<LinkChange> linkDetailDifferences(const Link& stored, const Link& wanted) {
  std::vector<std::pair<const char*, std::string Link::*>> fields;
  for (const auto& field : editableLinkFields()) fields.emplace_back(field.name, field.member);
  fields.emplace_back("validFrom", &Link::valid_from);
  fields.emplace_back("validTo", &Link::valid_to);
  std::vector<LinkChange> changes;
  for (const auto& [name, member] : fields) {
    if (stored.*member == wanted.*member) continue;
    LinkChange change;
    change.field = name;
    change.before = stored.*member;
    change.after = wanted.*member;
    changes.push_back(std::move(change));
  }
  return changes;
}

}  // namespace renkei
