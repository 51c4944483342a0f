#include "broker/admin/admin_error.h"

#include <array>
#include <sstream>

namespace renkei::admin {
namespace {

// The spelling is part of the admin WSDL's contract: clients switch on it.
constexpr std::array kAdminErrorTable = {
    AdminErrorSpec{AdminErrorCode::kNoSuchLink, "Client.NoSuchLink", "The link id names no link."},
    AdminErrorSpec{
        AdminErrorCode::kLifecycleRefused, "Client.LifecycleRefused",
        "The link's lifecycle does not allow this change from its current status "
        "(e.g. approving a retired link); the reason names the link, its status and why."},
    AdminErrorSpec{AdminErrorCode::kFourEyes, "Client.FourEyes",
                   "The actor approving a link is the one who proposed it; another person must "
                   "approve it (four-eyes). The reason names the link and its proposer."},
    AdminErrorSpec{AdminErrorCode::kNoLegalBasis, "Client.NoLegalBasis",
                   "The link cannot be approved or activated: its legal basis is empty or a "
                   "placeholder (e.g. 未定, TBD; the configuration's "
                   "links/@legalBasisPlaceholders). The reason "
                   "names the link and the value; update the legal basis first."},
    AdminErrorSpec{AdminErrorCode::kInvalidLink, "Client.InvalidLink",
                   "A proposal is incomplete, names an unknown unit or service, or has bad "
                   "dates, or an edit or review gives a bad value (e.g. a review date in the "
                   "past) or would change what identifies the link; the reason names the field."},
    AdminErrorSpec{AdminErrorCode::kDuplicateLink, "Client.DuplicateLink",
                   "A link with the same sender, receiver, service, version and purpose exists."},
    AdminErrorSpec{AdminErrorCode::kInvalidRequest, "Client.InvalidRequest",
                   "The request cannot be read (e.g. an unknown status in a filter)."},
    AdminErrorSpec{AdminErrorCode::kUnauthenticated, "Client.Unauthenticated",
                   "Admin users exist and the request carries no valid token (Authorization: "
                   "Bearer), session or mapped client certificate; answered with HTTP 401."},
    AdminErrorSpec{AdminErrorCode::kNotPermitted, "Client.NotPermitted",
                   "The authenticated user's role does not allow the operation, or the request "
                   "names another actor than that user; the reason names the role needed. "
                   "Answered with HTTP 403."},
    AdminErrorSpec{AdminErrorCode::kInternal, "Server.Internal",
                   "The store failed; nothing was changed."},
};

}  // namespace

std::span<const AdminErrorSpec> allAdminErrorSpecs() { return kAdminErrorTable; }

const char* adminErrorName(AdminErrorCode code) {
  for (const AdminErrorSpec& spec : kAdminErrorTable) {
    if (spec.code == code) return spec.name;
  }
  return "Server.Internal";
}

bool isSenderError(AdminErrorCode code) { return code != AdminErrorCode::kInternal; }

std::string adminErrorTableMarkdown() {
  std::ostringstream out;
  out << "| code | SOAP 1.2 Code | meaning |\n";
  out << "|---|---|---|\n";
  for (const AdminErrorSpec& spec : kAdminErrorTable) {
    out << "| `" << spec.name << "` | "
        << (isSenderError(spec.code) ? "env:Sender" : "env:Receiver") << " | " << spec.meaning
        << " |\n";
  }
  return out.str();
}

}  // namespace renkei::admin
