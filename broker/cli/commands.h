#pragma once
// One function per CLI command; each returns the process exit status.
#include "broker/cli/cli_args.h"
#include "broker/config/broker_config.h"

namespace renkei::cli {

int runServe(const CliArgs& args);
int runLinksList(const CliArgs& args);
int runLinksShow(const CliArgs& args);
int runLinksPropose(const CliArgs& args);
// approve, activate, suspend, resume, retire (args.words[1] says which).
int runLinksTransition(const CliArgs& args);
// approve, activate, suspend with --filter: every matching link, after a confirmation.
int runLinksBulkTransition(const CliArgs& args);
// Descriptive fields of one link, each change a history row with before and after.
int runLinksUpdate(const CliArgs& args);
// A review: what was found (--reason) and the next review date (--next).
int runLinksReview(const CliArgs& args);
int runLinksExport(const CliArgs& args);
int runLinksImport(const CliArgs& args);
int runAuditVerify(const CliArgs& args);
int runAuditKeygen(const CliArgs& args);
int runAuditExport(const CliArgs& args);
int runAuditShow(const CliArgs& args);
int runArchiveKeygen(const CliArgs& args);
int runFederationKeygen(const CliArgs& args);
int runFederationSnapshotShow(const CliArgs& args);
int runArchiveList(const CliArgs& args);
int runArchiveShow(const CliArgs& args);
int runStoreMigrate(const CliArgs& args);
// renkei users add|list|disable|token (admin users and their roles; prints its own --help).
int runUsers(const CliArgs& args);
int runConfigCheck(const CliArgs& args);
int runFaults(const CliArgs& args);
// renkei deliveries list|show|retry|discard (args.words[1] says which).
int runDeliveries(const CliArgs& args);
// The My Number gateway's 情報提供等記録 (adapters/mynumber).
int runMyNumberRecords(const CliArgs& args);
int runMyNumberRecordsVerify(const CliArgs& args);
int runMyNumberRecordsPurge(const CliArgs& args);
// The gateway's 副本 by person and/or item (values only with --values).
int runMyNumberFukuhon(const CliArgs& args);
// --db, which must name an existing gateway store (opening would create an empty one, which
// would read as "nothing there"); prints why and returns nullopt otherwise.
std::optional<std::string> existingGatewayDb(const CliArgs& args, const char* command);
// renkei report ...: reads its own command line, whose flags (--retired) differ.
int runReport(int argc, char** argv);
// renkei conform ... and renkei validate ...: their own command lines (repeated options).
int runConform(int argc, char** argv);
int runConformVerify(int argc, char** argv);
int runValidate(int argc, char** argv);
// renkei mynumber rules load|list|versions|check: its own command line (--dry-run, --jimu).
int runMyNumber(int argc, char** argv);

// The configuration named by --config, $RENKEI_CONFIG or the default; prints the error and
// returns nullopt when it cannot be loaded.
std::optional<BrokerConfig> loadConfigFor(const CliArgs& args);
// The configuration's <archive dir>; prints why and returns nullopt when it has none.
std::optional<std::string> archiveDirFor(const BrokerConfig& config);

}  // namespace renkei::cli
