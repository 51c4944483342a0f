#pragma once
// What a link said when it was created, as one line of flat JSON kept in its "created" history
// row (field "content", value after). The row's audit record pins its digest (admin_audit.h),
// so from then on the history alone, replayed, says what the link must say now; a row in the
// links table that differs was changed behind the broker's back (registry_replay.h).
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "broker/audit/flat_json.h"
#include "broker/core/registry_types.h"

namespace renkei {

// The history field of a creation row that carries the link's content.
inline constexpr const char* kLinkContentField = "content";

// Every column of the link but its id, by its configuration/CSV name ("legalBasis"), status
// by its name and crossTenant as "true"/"false", in a fixed order.
std::vector<std::pair<std::string, std::string>> linkContentColumns(const Link& link);
// The same as one line of flat JSON: key, status, validity, governance details. Keys in a
// fixed order, so the same link always gives the same text (and digest).
std::string linkContentText(const Link& link);
// The history row of `link`'s creation (link.id set): action "created", its status, and its
// content as field kLinkContentField, value after.
LinkChange linkCreationRow(const Link& link);

// The link a parsed content object describes (extra keys, such as a bundle line's "type" and
// "id", are ignored), or nullopt with `error` set.
std::optional<Link> linkFromContentObject(const FlatJsonObject& object, std::string& error);
// The link `text` describes (id 0), or nullopt with `error` set when it is not such a line.
std::optional<Link> parseLinkContentText(const std::string& text, std::string& error);

}  // namespace renkei
