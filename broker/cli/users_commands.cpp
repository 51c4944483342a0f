// renkei users ...: the people who may use the admin listener and the CLI's change commands,
// with their roles (broker/admin/admin_role.h). Tokens are printed once and stored only as their
// SHA-256; every change is an audit record.
#include <iostream>
#include <set>

#include "broker/admin/admin_token.h"
#include "broker/audit/admin_audit.h"
#include "broker/cli/cli_identity.h"
#include "broker/cli/commands.h"
#include "broker/cli/links_support.h"
#include "broker/registry/change_time.h"
#include "broker/store/store_factory.h"

namespace renkei::cli {
namespace {

constexpr const char* kUsersUsage =
    R"(renkei users — admin users: who may read and change the registry, with which role

  renkei users add NAME --role ROLE [--display-name TEXT] [--cert-subject SUBJECT]
        adds a user and prints their token once (it is stored only as a SHA-256).
        --cert-subject: the client certificate subject (as the admin listener's TLS reports
        it) that logs this user in without a token.
  renkei users list                     name, role, display name, certificate, created, state
  renkei users disable NAME             the user can no longer log in (kept: the audit trail
                                        names them); their web sessions end at once
  renkei users token NAME               a new token replaces the old one (printed once)

Roles nest: viewer (reads) < proposer (+ propose, update, review) < approver (+ approve,
activate, suspend, resume, retire) < administrator (+ users). Approving a link one proposed
oneself is a rule of the link, not a matter of rank.

While the store has no users, the admin listener and the CLI are open as before (bootstrap):
`renkei serve` warns. The first user must be an administrator. Once users exist, the admin
listener needs "Authorization: Bearer TOKEN", a web login or a mapped client certificate, and
the CLI's change commands (links ..., users ...) need --token-file FILE or $RENKEI_ADMIN_TOKEN;
the change is recorded under that user (--actor may only repeat their name).

Options:
  --config FILE       configuration naming the store (default: $RENKEI_CONFIG)
  --token-file FILE   a file holding your token (first line), else $RENKEI_ADMIN_TOKEN

Exit status: 0 done, 1 refused (with a one-line reason), 2 usage or configuration error.
)";

int usersUsageError(const std::string& message) {
  std::cerr << "renkei: " << message << " (see `renkei users --help`)\n";
  return kExitUsage;
}

// Options each verb takes; anything else is a usage error rather than silently ignored.
bool onlyOptions(const CliArgs& args, std::set<std::string> allowed) {
  allowed.insert({"--config", "--token-file", "--actor"});
  for (const auto& [option, value] : args.options) {
    if (!allowed.count(option)) {
      usersUsageError("`renkei users " + args.words[1] + "` does not take " + option);
      return false;
    }
  }
  return true;
}

void printToken(const std::string& name, const std::string& token) {
  std::cout << "token: " << token << "\n"
            << "This token is not shown again and is not stored (only its SHA-256 is): give it "
               "to "
            << name << " now, e.g. in a file only they can read (--token-file).\n";
}

AdminUser findUser(Store& store, const std::string& name) {
  for (const AdminUser& user : store.adminUsers()) {
    if (user.name == name) return user;
  }
  throw CliRefusal("there is no admin user " + name + " (see `renkei users list`)");
}

int add(const CliArgs& args, Store& store) {
  AdminUser user;
  user.name = args.words[2];
  const auto role = admin::parseAdminRole(args.get("--role").value_or(""));
  if (!role) {
    return usersUsageError(
        "`renkei users add` needs --role viewer|proposer|approver|administrator");
  }
  user.role = *role;
  user.display_name = args.get("--display-name").value_or("");
  user.cert_subject = args.get("--cert-subject").value_or("");
  if (store.adminUsers().empty() && user.role != admin::AdminRole::kAdministrator) {
    throw CliRefusal(
        "the first admin user must be an administrator: once a user exists only "
        "an administrator can add the next one");
  }
  const std::string actor =
      authorizedActor(args, store, "add users", admin::AdminRole::kAdministrator);
  const std::string token = admin::newAdminToken();
  user.token_sha256 = admin::adminTokenDigest(token);
  user.created_at = changeTime(ChangeContext{});
  store.createAdminUser(user, adminUserRecord("user-added", user, actor));
  std::cout << "added admin user " << user.name << " (" << admin::adminRoleName(user.role)
            << ") by " << actor << "\n";
  printToken(user.name, token);
  return 0;
}

int list(Store& store) {
  const std::vector<AdminUser> users = store.adminUsers();
  if (users.empty()) {
    std::cout << "no admin users: the admin listener and the CLI are open (bootstrap); add the "
                 "first with `renkei users add NAME --role administrator`\n";
    return 0;
  }
  std::cout << "NAME\tROLE\tDISPLAY NAME\tCERTIFICATE SUBJECT\tCREATED\tSTATE\n";
  for (const AdminUser& user : users) {
    std::cout << user.name << "\t" << admin::adminRoleName(user.role) << "\t" << user.display_name
              << "\t" << user.cert_subject << "\t" << user.created_at << "\t"
              << (user.enabled() ? "enabled" : "disabled " + user.disabled_at) << "\n";
  }
  return 0;
}

int disable(const CliArgs& args, Store& store) {
  const std::string actor =
      authorizedActor(args, store, "disable users", admin::AdminRole::kAdministrator);
  AdminUser user = findUser(store, args.words[2]);
  if (!user.enabled()) throw CliRefusal("admin user " + user.name + " is already disabled");
  user.disabled_at = changeTime(ChangeContext{});
  store.updateAdminUser(user, adminUserRecord("user-disabled", user, actor));
  std::cout << "disabled admin user " << user.name << " by " << actor << "\n";
  return 0;
}

int rotate(const CliArgs& args, Store& store) {
  AdminUser user = findUser(store, args.words[2]);
  // Users may replace their own token; anyone else's needs an administrator.
  std::string actor;
  try {
    actor = authorizedActor(args, store, "rotate other users' tokens",
                            admin::AdminRole::kAdministrator);
  } catch (const CliRefusal&) {
    actor = authorizedActor(args, store, "rotate a token", admin::AdminRole::kViewer);
    if (actor != user.name) throw;
  }
  if (!user.enabled()) throw CliRefusal("admin user " + user.name + " is disabled");
  const std::string token = admin::newAdminToken();
  user.token_sha256 = admin::adminTokenDigest(token);
  store.updateAdminUser(user, adminUserRecord("user-token-rotated", user, actor));
  std::cout << "new token for admin user " << user.name << " by " << actor
            << "; the old one no longer works\n";
  printToken(user.name, token);
  return 0;
}

}  // namespace

int runUsers(const CliArgs& args) {
  const auto& w = args.words;
  if (args.has("--help")) {
    std::cout << kUsersUsage;
    return 0;
  }
  if (w.size() < 2)
    return usersUsageError("`renkei users` needs a command: add, list, disable or token");
  const std::string& verb = w[1];
  const bool named = verb == "add" || verb == "disable" || verb == "token";
  if (!named && verb != "list")
    return usersUsageError("unknown command `renkei users " + verb + "`");
  if (named && w.size() != 3) return usersUsageError("`renkei users " + verb + "` needs one NAME");
  if (!named && w.size() != 2) return usersUsageError("`renkei users list` takes no NAME");
  if (verb == "add" && !onlyOptions(args, {"--role", "--display-name", "--cert-subject"})) {
    return kExitUsage;
  }
  if (verb != "add" && !onlyOptions(args, {})) return kExitUsage;
  auto config = loadConfigFor(args);
  if (!config) return kExitUsage;
  try {
    auto store = openStore(*config);
    if (verb == "add") return add(args, *store);
    if (verb == "list") {
      authorizedActor(args, *store, "list users", admin::AdminRole::kViewer);
      return list(*store);
    }
    if (verb == "disable") return disable(args, *store);
    return rotate(args, *store);
  } catch (const std::exception& e) {
    std::cerr << "renkei: refused: " << e.what() << "\n";
    return kExitRefused;
  }
}

}  // namespace renkei::cli
