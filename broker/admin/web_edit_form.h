#pragma once
// The edit form on a link's web page: the descriptive fields `renkei links update` and SOAP
// UpdateLink change (broker/registry/link_edit.h), posted to /links/<id>/update. The form only
// gathers values; the change itself goes through RegistryAdminService::updateLink, so the web,
// the CLI and SOAP write the same history rows with the same checks.
#include <map>
#include <string>
#include <string_view>

#include "broker/core/registry_types.h"
#include "broker/registry/link_edit.h"

namespace renkei::admin {

// The form, each field filled from `shown` (by field name, e.g. "legalBasis") or else from the
// link, with the CSRF token (empty for a script, which sends none) and a required reason.
// `message`, when not empty, is shown above the form as the reason it is shown again.
std::string linkEditForm(const Link& link, const std::map<std::string, std::string>& shown,
                         std::string_view csrf, std::string_view reason, std::string_view message);

// The posted fields whose value differs from the link's, by field name in form order. A field
// left out of the post is no change (a script may send only the one it changes).
LinkFieldValues changedLinkFields(const Link& link,
                                  const std::map<std::string, std::string>& posted);

}  // namespace renkei::admin
