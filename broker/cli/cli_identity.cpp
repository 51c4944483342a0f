#include "broker/cli/cli_identity.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "broker/admin/admin_caller.h"
#include "broker/cli/links_support.h"

namespace renkei::cli {
namespace {

// The token from --token-file (first line, surrounding blanks dropped) or $RENKEI_ADMIN_TOKEN.
std::string presentedToken(const CliArgs& args) {
  std::string token;
  if (auto file = args.get("--token-file")) {
    std::ifstream in(*file);
    if (!in) throw CliRefusal("cannot read --token-file " + *file);
    std::getline(in, token);
  } else if (const char* env = std::getenv("RENKEI_ADMIN_TOKEN"); env != nullptr) {
    token = env;
  }
  const auto first = token.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return token.substr(first, token.find_last_not_of(" \t\r\n") - first + 1);
}

}  // namespace

std::string authorizedActor(const CliArgs& args, Store& store, std::string_view verb,
                            admin::AdminRole needed) {
  admin::AdminAuthenticator authenticator(store);
  const std::string token = presentedToken(args);
  const admin::AdminCaller caller = authenticator.identify(token, "");
  if (caller.open) return actorOf(args);
  if (token.empty()) {
    throw CliRefusal(
        "admin users exist on this store: give --token-file FILE or set "
        "RENKEI_ADMIN_TOKEN to your token (from `renkei users add` or `renkei "
        "users token`)");
  }
  if (!caller.user) throw CliRefusal("the admin token is not valid (or its user is disabled)");
  if (!caller.may(needed)) throw CliRefusal(admin::notPermittedReason(caller, verb, needed));
  const std::string& name = caller.user->name;
  if (auto actor = args.get("--actor"); actor && !actor->empty() && *actor != name) {
    throw CliRefusal("--actor " + *actor + " is not the token's user " + name +
                     ": changes are recorded under the user who made them (drop --actor)");
  }
  return name;
}

std::string linkChangeActor(const CliArgs& args, Store& store, std::string_view verb) {
  return authorizedActor(args, store, verb,
                         admin::roleForLinkAction(verb).value_or(admin::AdminRole::kAdministrator));
}

}  // namespace renkei::cli
