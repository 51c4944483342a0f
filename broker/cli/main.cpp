// renkei: the broker executable and its operator commands.
#include <iostream>
#include <string>

#include "broker/cli/cli_args.h"
#include "broker/cli/commands.h"

namespace {

constexpr const char* kUsage = R"(renkei — integration broker for local-government business systems

Usage:
  renkei serve        [--config FILE]   run the broker until SIGINT/SIGTERM; SIGHUP reloads
                                        the configuration (see `renkei serve --help`)
  renkei links ...    [--config FILE]   the link registry; see `renkei links --help`
  renkei audit ...    [--config FILE]   verify, export, show and sign the audit trail; see
                                        `renkei audit --help`
  renkei deliveries ... [--config FILE] the 通知 outbox: list, show, retry, discard copies;
                                        see `renkei deliveries --help`
  renkei archive ...  [--config FILE]   the encrypted archive of message bodies (<archive>):
                                        keygen, list, show; see `renkei archive --help`
  renkei federation keygen --out PREFIX this broker's CURVE key pair for the peer transport
                                        (PREFIX.key secret, PREFIX.pub public; docs/federation.md)
  renkei federation snapshot show [--config FILE]
                                        the signed registry snapshot of cross-cloud links this
                                        broker issued or holds: version, age, expiry, links
  renkei mynumber rules ... [--config FILE]
                                        the My Number gateway's purpose rules: load, list,
                                        versions, check; see `renkei mynumber --help`
  renkei mynumber records --db FILE --person 宛名番号 [--from D] [--to D]
                          [--format table|csv|json]
                                        the My Number gateway's 情報提供等記録 (番号法 §23) for
                                        one person (自己情報 disclosure); docs/mynumber.md
  renkei mynumber records verify --db FILE [--key PUB]
                                        replay the chain of those records (and with --key its
                                        signed checkpoints): exit 1 when broken
  renkei mynumber records purge --db FILE --actor NAME
                                        remove the records past retention (7 years by default)
  renkei mynumber fukuhon --db FILE [--person 宛名番号] [--item CODE] [--values]
                                        the gateway's 副本 rows (values only with --values)
  renkei users ...    [--config FILE]   admin users and their roles (viewer, proposer, approver,
                                        administrator); see `renkei users --help`
  renkei store migrate [--config FILE]  bring the store's schema up to date (as the owner
                                        role of <store migrateConninfo> on PostgreSQL)
  renkei config check [--config FILE]   validate a configuration file and summarize it
  renkei faults       [--markdown]      print the platform fault-code table
  renkei report KIND  [--config FILE]   governance reports (inventory, unused, refused, ...)
                                        and the link graph; see `renkei report --help`
  renkei conform --endpoint URL --service NAME[:VERSION]
                                        run a vendor unit through the conformance suite;
                                        see `renkei conform --help`
  renkei validate FILE...               validate message files against the platform schemas

Options:
  --config FILE   configuration file (default: $RENKEI_CONFIG, else config/renkei.example.xml)
  -h, --help      this text
  --version       print the version

Exit status: 0 success, 1 failure (e.g. a broken audit chain), 2 usage or configuration error.
)";

constexpr const char* kServeUsage = R"(renkei serve — run the broker

Usage:
  renkei serve [--config FILE]

Signals:
  SIGINT, SIGTERM  stop: requests in hand finish, queued audit records are committed
  SIGHUP           reload the configuration file without dropping a connection: units,
                   services, links (links the registry does not have yet are seeded; those it
                   has keep their stored state), limits, forwarding, signatures, privacy.
                   An exchange in flight finishes on the configuration it started with.
                   A file `renkei config check` would refuse is refused with the same errors
                   and the running configuration stays. Listen address and TLS, store, admin
                   listener, audit, archive, replay, access log, schemas, notifications and
                   federation need a restart: the log names each one kept.
  SIGUSR1          reopen the access log (after log rotation)

Metrics: renkei_config_reloads_total{result="ok|refused"} on the admin listener's /metrics.
)";

constexpr const char* kLinksUsage =
    R"(renkei links — the link registry (who may call what, for which 事務, on which legal basis)

Reading:
  renkei links list [--status S] [--sender UNIT] [--receiver UNIT] [--tenant CODE]
                    [--service NAME[:VERSION]] [--format table|csv|json]
  renkei links show ID                  every field, then the history oldest first (edits
                                        and reviews with each field's before and after)

Changing (each change is recorded with who, when and why; running brokers apply it within
the store's registryPollMs, without a restart):
  renkei links propose --sender UNIT --receiver UNIT --service NAME --version V
                       --purpose CODE --purpose-name TEXT --legal-basis TEXT
                       [--data-items "氏名;住所"] [--department D] [--vendor V]
                       [--review-date YYYY-MM-DD] [--valid-from D] [--valid-to D]
                       [--cross-tenant] [--note TEXT]
  renkei links approve  ID              proposed  -> approved (you become the approver)
  renkei links activate ID              approved  -> active   (traffic flows)
  renkei links suspend  ID --reason T   active    -> suspended (the next message is refused)
  renkei links resume   ID              suspended -> active
  renkei links retire   ID --reason T   any       -> retired  (final)
  renkei links update ID [--purpose-name T] [--legal-basis T] [--data-items T]
                        [--department D] [--vendor V] [--review-date YYYY-MM-DD] [--note T]
                                        corrects or updates what describes the link; each
                                        field that changes is one history entry with its
                                        value before and after (same value: nothing written).
                                        Sender, receiver, service, version and purpose are
                                        what was approved: another value is a new link
                                        (propose it)
  renkei links review ID --next YYYY-MM-DD --reason T
                                        records a review (--reason: what was found) and
                                        moves the review date to --next (today or later,
                                        JST), so `report review-due` stops listing the link
  renkei links approve|activate|suspend --filter 'KEY=VALUE,...' [--yes]
                                        the same change for every matching link (keys:
                                        sender, receiver, tenant, service, purpose, status);
                                        prints the count and asks first; --yes skips the
                                        question (needed when stdin is not a terminal)

Files:
  renkei links export [--format csv|xml] [--output FILE] [--bom] [--encoding cp932]
                                        --bom: start the CSV with a UTF-8 BOM, so Excel
                                        shows Japanese text correctly; --encoding cp932:
                                        write the CSV as Shift_JIS (CP932), refused with each
                                        row and character if one cannot be written unchanged
  renkei links import FILE [--format csv|xml] [--encoding cp932] [--dry-run]
                                        adds new links as proposed, never active; reports
                                        each row as created, skipped (duplicate) or error
                                        with its line. A file that is not UTF-8 is refused;
                                        --encoding cp932 reads Excel's Japanese CSV (a UTF-8
                                        BOM still means UTF-8). --dry-run: check and report
                                        every row, write nothing

Common options:
  --config FILE   configuration naming the store (default: $RENKEI_CONFIG, else
                  config/renkei.example.xml)
  --actor NAME    who makes the change (default: $USER, else "operator"); once the store
                  has admin users (`renkei users --help`) the change is recorded under the
                  user of --token-file FILE or $RENKEI_ADMIN_TOKEN, and --actor may only
                  repeat that name
  --reason TEXT   why; kept in the link's history

CSV columns (header row required; the configuration's attribute names): id, status, sender,
receiver, service, version, purpose, purposeName, legalBasis, validFrom, validTo, crossTenant,
dataItems, department, vendor, approver, reviewDate, note. id, status and approver are ignored
on import. A field starting with = + - @ or ' is exported with one leading ' so spreadsheets
show it as text instead of running it as a formula; import drops one leading ' from each field.

Exit status: 0 done, 1 refused (with a one-line reason), 2 usage or configuration error.
)";

constexpr const char* kAuditUsage =
    R"(renkei audit — the tamper-evident audit trail

  renkei audit verify [--config FILE] [--key PUBLIC_KEY] [--tsa-ca CA_PEM]
  renkei audit verify --bundle FILE [--key PUBLIC_KEY] [--tsa-ca CA_PEM]
        Checks the hash chain and names the first record that was edited, deleted or
        reordered. With --key, also checks every signed checkpoint: a forged checkpoint,
        records deleted from the end, and a record edited with the chain recomputed after it
        are found too. --bundle checks an exported bundle offline, without any database.
        Checkpoints with an RFC 3161 timestamp (<audit tsaUrl>) must be covered by it;
        --tsa-ca also checks the timestamp authority's signature against that CA.
        When the trail holds, replays every link's history and names each link whose stored
        columns differ from it and each history row without its audit record (exit 1).
  renkei audit export --out FILE [--config FILE] [--key PUBLIC_KEY]
        Writes a bundle: every record, every checkpoint, the public key (from --key, else
        the public half of <audit checkpointKey>) and the registry with its history, as JSON
        lines (docs/audit.md).
  renkei audit show --message-id ID [--config FILE] [--format text|json]
  renkei audit show --seq N [--config FILE] [--format text|json]
        The audit records of one message: who sent it to whom, for which service and
        purpose, on which link, the outcome and fault code, who acted, the digests of the
        bodies and the record's hash (no content: the trail holds none). A retry or a
        refused replay of the same MessageId is a record of its own. No index on MessageId is
        kept, so on a large trail --message-id scans it unless you add one (README,
        "Stores"); --seq reads one record. json prints the records as `audit export` writes
        them. Exit 1 when there is none.
  renkei audit keygen --out PREFIX
        Writes a new Ed25519 key pair for checkpoints: PREFIX.key (private, mode 0600, never
        overwritten) and PREFIX.pub. Set <audit checkpointKey="PREFIX.key"/> in the
        configuration and give PREFIX.pub to whoever verifies.

Exit status: 0 intact / done, 1 tampering found or failure, 2 usage or configuration error.
)";

constexpr const char* kDeliveriesUsage =
    R"(renkei deliveries — the 通知 outbox: one copy (delivery) per subscriber of each notification

  renkei deliveries list [--topic T] [--receiver UNIT] [--state pending|done|dead|discarded]
                         [--limit N]
        one line per copy, oldest first (tab-separated): id, state, topic, receiver, MessageId,
        subject, attempts, next attempt (pending) or when it finished, last error.
  renkei deliveries show ID
        one copy in full, with its notification.
  renkei deliveries retry ID [--actor NAME] [--reason TEXT]
        a dead copy back to pending, due at once, its attempts counted from zero again.
  renkei deliveries discard ID --reason TEXT [--actor NAME]
        gives up a pending or dead copy for good. Both changes are audit records.
        Once the store has admin users (docs/admin-users.md), retry needs an approver's and
        discard an administrator's token (--token-file FILE or $RENKEI_ADMIN_TOKEN); the
        change is recorded under that user.

  --config FILE   configuration naming the store (default: $RENKEI_CONFIG, else
                  config/renkei.xml)

Exit status: 0 done, 1 refused (with a one-line reason), 2 usage or configuration error.
)";

constexpr const char* kArchiveUsage =
    R"(renkei archive — the encrypted archive of message bodies (<archive>, docs/archive.md)

  renkei archive keygen --out FILE
        Writes a new AES-256 key (64 hex digits, mode 0600, never overwrites). Set
        <archive dir="DIR" keyFile="FILE"/> in the configuration and keep a copy of FILE
        apart from the archive: without it no record can be read.
  renkei archive list [--config FILE] [--date YYYY-MM-DD]
        One line per record: its reference (DATE:LINE), time, message id, units, service,
        outcome and body sizes. Needs no key (identifiers are kept in clear). Without
        --date, every day's file, oldest first; days are JST.
  renkei archive show MESSAGE_ID|DATE:LINE [--config FILE] [--key FILE] [--date YYYY-MM-DD]
                      [--part request|response]
        Decrypts and prints the request as received and the response sent back, for every
        record with that message id (or the one record DATE:LINE). --key: another key file
        than <archive keyFile>. --part: only that body's bytes, exactly as archived, for one
        record. A record that fails authentication (a wrong key, any changed byte) is never
        printed: the error names it.

Exit status: 0 done, 1 not found, unreadable or failing authentication, 2 usage or
configuration error.
)";

}  // namespace

int main(int argc, char** argv) {
  using namespace renkei::cli;
  if (argc > 1 && std::string(argv[1]) == "report") return runReport(argc, argv);
  if (argc > 1 && std::string(argv[1]) == "conform") return runConform(argc, argv);
  if (argc > 1 && std::string(argv[1]) == "validate") return runValidate(argc, argv);
  if (argc > 1 && std::string(argv[1]) == "mynumber") return runMyNumber(argc, argv);
  // Under `links`, --version is a service version (links propose), not the program's.
  const bool links = argc > 1 && std::string(argv[1]) == "links";
  CliArgs args =
      links ? parseArgs(argc, argv, {"--help", "--cross-tenant", "--bom", "--dry-run", "--yes"})
            : parseArgs(argc, argv, {"--help", "--version", "--markdown"});
  // A usage error is one line saying what was wrong and where the help is, not the help.
  const std::string help_hint = links ? "renkei links --help" : "renkei --help";
  if (!args.error.empty()) {
    std::cerr << "renkei: " << args.error << " (see `" << help_hint << "`)\n";
    return 2;
  }
  if (links && args.has("--help")) {
    std::cout << kLinksUsage;
    return 0;
  }
  if (links && args.words.size() == 1) {
    std::cerr << "renkei: `renkei links` needs a command: list, show, propose, approve, activate, "
                 "suspend, resume, retire, update, review, export or import (see `renkei links "
                 "--help`)\n";
    return 2;
  }
  if (!links && args.has("--version")) {
    std::cout << "renkei " << RENKEI_VERSION << "\n";
    return 0;
  }
  if (!args.words.empty() && args.words[0] == "audit" &&
      (args.words.size() == 1 || args.has("--help"))) {
    std::cout << kAuditUsage;
    return args.has("--help") ? 0 : 2;
  }
  if (!args.words.empty() && args.words[0] == "deliveries" &&
      (args.words.size() == 1 || args.has("--help"))) {
    std::cout << kDeliveriesUsage;
    return args.has("--help") ? 0 : 2;
  }
  if (!args.words.empty() && args.words[0] == "archive" &&
      (args.words.size() == 1 || args.has("--help"))) {
    std::cout << kArchiveUsage;
    return args.has("--help") ? 0 : 2;
  }
  if (!args.words.empty() && args.words[0] == "users") return runUsers(args);
  if (args.words.size() == 1 && args.words[0] == "serve" && args.has("--help")) {
    std::cout << kServeUsage;
    return 0;
  }
  if (args.has("--help") || args.words.empty()) {
    std::cout << kUsage;
    return args.words.empty() && !args.has("--help") ? 2 : 0;
  }
  const auto& w = args.words;
  const auto is = [&](std::initializer_list<const char*> cmd) {
    if (w.size() != cmd.size()) return false;
    size_t i = 0;
    for (const char* part : cmd) {
      if (w[i++] != part) return false;
    }
    return true;
  };
  if (is({"serve"})) return runServe(args);
  if (links && w.size() >= 2) {
    const std::string& verb = w[1];
    if (verb == "list" && w.size() == 2) return runLinksList(args);
    if (verb == "show") return runLinksShow(args);
    if (verb == "propose") return runLinksPropose(args);
    if (verb == "approve" || verb == "activate" || verb == "suspend" || verb == "resume" ||
        verb == "retire") {
      return args.has("--filter") ? runLinksBulkTransition(args) : runLinksTransition(args);
    }
    if (verb == "update") return runLinksUpdate(args);
    if (verb == "review") return runLinksReview(args);
    if (verb == "export") return runLinksExport(args);
    if (verb == "import") return runLinksImport(args);
  }
  if (is({"audit", "verify"})) return runAuditVerify(args);
  if (is({"audit", "keygen"})) return runAuditKeygen(args);
  if (is({"audit", "export"})) return runAuditExport(args);
  if (is({"audit", "show"})) return runAuditShow(args);
  if (is({"archive", "keygen"})) return runArchiveKeygen(args);
  if (is({"federation", "keygen"})) return runFederationKeygen(args);
  if (is({"federation", "snapshot", "show"})) return runFederationSnapshotShow(args);
  if (is({"archive", "list"})) return runArchiveList(args);
  if (w.size() >= 2 && w[0] == "archive" && w[1] == "show") return runArchiveShow(args);
  if (is({"store", "migrate"})) return runStoreMigrate(args);
  if (is({"config", "check"})) return runConfigCheck(args);
  if (is({"faults"})) return runFaults(args);
  if (!w.empty() && w[0] == "deliveries") return runDeliveries(args);
  std::cerr << "renkei: unknown command '";
  for (size_t i = 0; i < w.size(); ++i) std::cerr << (i ? " " : "") << w[i];
  std::cerr << "' (see `" << help_hint << "`)\n";
  return 2;
}
