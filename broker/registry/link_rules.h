#pragma once
// The rules every link must satisfy before it enters the registry, whichever way it comes in:
// configuration file, `renkei links propose`, CSV/XML import, the admin service. One function
// so the file and the CLI can never disagree on what a valid link is.
#include <optional>
#include <string>

#include "broker/core/registry_types.h"

namespace renkei {

struct LinkRuleViolation {
  // The field at fault, spelled as the configuration attribute and the CSV column are
  // ("sender", "purposeName", "validTo", ...), so every caller can point at it.
  std::string field;
  std::string message;  // a sentence naming the problem, e.g. "names an undeclared unit"
};

// The first rule `link` breaks against `registry` (its units and services), or nullopt.
// Checks: required fields present; sender/receiver are registered units and differ;
// service+version is registered; purpose code shape; dates are YYYY-MM-DD and validTo is not
// before validFrom; a link across tenants says crossTenant explicitly.
std::optional<LinkRuleViolation> checkLinkRules(const Link& link, const RegistrySnapshot& registry);

// True for a real calendar date written YYYY-MM-DD.
bool isIsoDate(const std::string& text);

}  // namespace renkei
