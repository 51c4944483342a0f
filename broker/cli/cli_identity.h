#pragma once
// Who runs a CLI change command, once the store has admin users (broker/admin/admin_caller.h):
// the user whose token is in --token-file FILE or $RENKEI_ADMIN_TOKEN, with the same role check
// as the admin listener. While the store has no users the CLI trusts --actor as before (it runs
// on the broker's host with access to the store anyway).
#include <stdexcept>
#include <string>
#include <string_view>

#include "broker/cli/cli_args.h"
#include "broker/core/admin_role.h"
#include "broker/store/store.h"

namespace renkei::cli {

// A command that may not run as asked; main's commands print it as "renkei: refused: ...".
class CliRefusal : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The actor to record for `verb` ("approve", "propose", "users add", ...), which needs `needed`.
// No users: --actor, $USER or "operator". Users: the token's user; throws CliRefusal when there
// is no token, it is not valid, the role is too low, or --actor names someone else.
std::string authorizedActor(const CliArgs& args, Store& store, std::string_view verb,
                            admin::AdminRole needed);
// The same for a link verb (admin_caller.h roleForLinkAction).
std::string linkChangeActor(const CliArgs& args, Store& store, std::string_view verb);

}  // namespace renkei::cli
