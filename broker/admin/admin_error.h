#pragma once
// Why an admin request was refused, with a stable code in the platform's fault style
// (flt:FaultDetail/Code). Admin refusals are not exchange refusals: they never reach the audit
// trail or the exchange fault table (broker/core/fault_code.h), so they have their own short table.
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

namespace renkei::admin {

enum class AdminErrorCode {
  kNoSuchLink,        // the link id names no link
  kLifecycleRefused,  // the lifecycle does not allow the transition from the current status
  kFourEyes,          // the link's proposer tried to approve it
  kNoLegalBasis,      // approving or activating a link whose legal basis is empty or a placeholder
  kInvalidLink,       // a proposal is incomplete or names unknown units/services, bad dates
  kDuplicateLink,     // a link with the same sender, receiver, service, version, purpose exists
  kInvalidRequest,    // a request the operation cannot make sense of (bad filter value, ...)
  kUnauthenticated,   // admin users exist and the request proves none of them (HTTP 401)
  kNotPermitted,      // the authenticated user's role does not allow the operation (HTTP 403)
  kInternal,          // the store failed
};

struct AdminErrorSpec {
  AdminErrorCode code;
  const char* name;  // "Client.NoSuchLink"; part of the admin WSDL's contract, never renamed
  std::string_view meaning;
};

std::span<const AdminErrorSpec> allAdminErrorSpecs();
// "Client.NoSuchLink", "Server.Internal", ...
const char* adminErrorName(AdminErrorCode code);
bool isSenderError(AdminErrorCode code);
// Markdown table of the admin codes, used for docs/fault-codes.md (`renkei faults --markdown`).
std::string adminErrorTableMarkdown();

class AdminError : public std::runtime_error {
 public:
  AdminError(AdminErrorCode code, const std::string& reason)
      : std::runtime_error(reason), code_(code) {}
  AdminErrorCode code() const { return code_; }

 private:
  AdminErrorCode code_;
};

}  // namespace renkei::admin
