#include "broker/admin/admin_error.h"

namespace renkei::admin {

const char* adminErrorName(AdminErrorCode code) {
  // The spelling is part of the admin WSDL's contract: clients switch on it.
  switch (code) {
    case AdminErrorCode::kNoSuchLink:
      return "Client.NoSuchLink";
    case AdminErrorCode::kLifecycleRefused:
      return "Client.LifecycleRefused";
    case AdminErrorCode::kInvalidLink:
      return "Client.InvalidLink";
    case AdminErrorCode::kDuplicateLink:
      return "Client.DuplicateLink";
    case AdminErrorCode::kInvalidRequest:
      return "Client.InvalidRequest";
    case AdminErrorCode::kInternal:
      return "Server.Internal";
  }
  return "Server.Internal";
}

bool isSenderError(AdminErrorCode code) { return code != AdminErrorCode::kInternal; }

}  // namespace renkei::admin
