#pragma once
// Editing a registered link in place: which fields may change without a new proposal, how each
// is spelled on the command line, in SOAP and in the history, and what a valid new value is.
// Sender, receiver, service and purpose are what was approved (who may ask whom for what, for
// which 事務), so they never change in place: another value is another link, proposed and
// approved on its own. The descriptive fields around them can be corrected and kept current.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "broker/core/registry_types.h"

namespace renkei {

struct EditableLinkField {
  const char* name;     // history, CSV and configuration attribute: "legalBasis"
  const char* option;   // command line: "--legal-basis"
  const char* element;  // admin SOAP service: "LegalBasis"
  std::string Link::*member;
};

// purposeName, legalBasis, dataItems, department, vendor, reviewDate, note, in that order.
const std::vector<EditableLinkField>& editableLinkFields();
// By name, option or element; nullptr for anything else.
const EditableLinkField* findEditableLinkField(std::string_view spelling);
// "--purpose-name, --legal-basis, ..." (or the names, or the elements), for error messages.
std::string editableLinkFieldList(const char* EditableLinkField::*spelling);

// When `spelling` (a name, option or element) is one of the fields that identify a link, why it
// cannot be edited: "sender ... stays a new link: propose one ...". nullopt for anything else.
std::optional<std::string> identityFieldRefusal(std::string_view spelling);

// Why `value` cannot be the new value of `field`, as the end of a sentence starting with the
// field's name ("cannot be empty", "must be a date written YYYY-MM-DD, ..."); nullopt when it
// can. `today` is the JST date "YYYY-MM-DD" a review date may not lie before.
std::optional<std::string> editValueRefusal(const EditableLinkField& field,
                                            const std::string& value, const std::string& today);

// Why `date` cannot be the next review date (same wording as editValueRefusal), or nullopt.
std::optional<std::string> reviewDateRefusal(const std::string& date, const std::string& today);

// New values for a link's descriptive fields, each named by any of its spellings (name,
// option or element), in the order given.
using LinkFieldValues = std::vector<std::pair<std::string, std::string>>;

struct LinkEditProblem {
  enum Kind {
    kUnknownField,   // no such editable field (the message lists those there are)
    kIdentityField,  // sender, receiver, service, version, purpose: a new link instead
    kInvalidValue,   // e.g. a review date in the past
  };
  Kind kind;
  std::string message;  // a whole sentence, starting with the field as the caller spelled it
};

// Sets `values` on `link` (a copy of the stored one), or says what is wrong with the first value
// that cannot be set. Lists name fields in the spelling of the one at fault: options for
// "--x", elements for "X", names otherwise.
std::optional<LinkEditProblem> applyLinkFieldValues(Link& link, const LinkFieldValues& values,
                                                    const std::string& today);

// The details Store::updateLinkDetails writes (the editable fields, then validFrom and validTo)
// whose values differ between `stored` and `wanted`, as history rows with field, before and
// after filled in and nothing else. Empty when nothing would change.
std::vector<LinkChange> linkDetailDifferences(const Link& stored, const Link& wanted);

}  // namespace renkei
