// renkei deliveries list|show|retry|discard: the 通知 outbox as operators see it.
#include <iostream>
#include <string>

#include "broker/audit/admin_audit.h"
#include "broker/cli/cli_identity.h"
#include "broker/cli/commands.h"
#include "broker/cli/links_support.h"
#include "broker/core/utc_timestamp.h"
#include "broker/notify/notify_clock.h"
#include "broker/store/outbox_store_factory.h"
#include "broker/store/store_factory.h"

namespace renkei::cli {
namespace {

int deliveriesUsage(const std::string& message) {
  std::cerr << "renkei: " << message << " (see `renkei deliveries --help`)\n";
  return kExitUsage;
}

std::string timeOf(int64_t ms) { return ms > 0 ? utcTimestampMs(ms) : "-"; }

void printRow(const OutboxDelivery& d) {
  std::cout << d.id << "\t" << deliveryStateName(d.state) << "\t" << d.topic << ":"
            << d.topic_version << "\t" << d.receiver << "\t" << d.message_id << "\t"
            << (d.subject.empty() ? "-" : d.subject) << "\t" << d.attempts << "\t"
            << (d.state == DeliveryState::kPending ? timeOf(d.next_attempt_ms)
                                                   : timeOf(d.finished_ms))
            << "\t" << (d.last_error.empty() ? "-" : d.last_error) << "\n";
}

void printDetail(const OutboxDelivery& d, const std::optional<OutboxNotification>& n) {
  std::cout << "delivery        " << d.id << "\n"
            << "state           " << deliveryStateName(d.state) << "\n"
            << "topic           " << d.topic << ":" << d.topic_version << "\n"
            << "message id      " << d.message_id << "\n"
            << "sender          " << d.sender << "\n"
            << "receiver        " << d.receiver << "\n"
            << "subscription    link " << d.link_id << " (purpose " << d.purpose << ")\n"
            << "subject         " << (d.subject.empty() ? "-" : d.subject) << "\n"
            << "attempts        " << d.attempts << "\n"
            << "created         " << timeOf(d.created_ms) << "\n"
            << (d.state == DeliveryState::kPending ? "next attempt    " : "finished        ")
            << (d.state == DeliveryState::kPending ? timeOf(d.next_attempt_ms)
                                                   : timeOf(d.finished_ms))
            << "\n"
            << "last error      " << (d.last_error.empty() ? "-" : d.last_error) << "\n";
  if (n) {
    std::cout << "posted          " << n->posted_at << "\n"
              << "body            "
              << (n->body.empty() ? "forgotten (every copy delivered or discarded)"
                                  : std::to_string(n->body.size()) + " bytes kept")
              << "\n";
  }
}

std::optional<int64_t> deliveryIdArgument(const CliArgs& args) {
  if (args.words.size() != 3) {
    deliveriesUsage("`renkei deliveries " + args.words[1] + "` needs one delivery ID");
    return std::nullopt;
  }
  try {
    size_t used = 0;
    const int64_t id = std::stoll(args.words[2], &used);
    if (used == args.words[2].size() && id > 0) return id;
  } catch (const std::exception&) {
  }
  deliveriesUsage("delivery ID must be a positive number, not '" + args.words[2] + "'");
  return std::nullopt;
}

// An operator's change is a record of the audit chain, like a registry change: service
// "deliveries", purpose the action, the notification's MessageId and the copy's receiver.
void auditChange(Store& store, const OutboxDelivery& d, const std::string& action,
                 const std::string& actor, const std::string& reason) {
  ChangeContext change{actor, reason, ""};
  AuditRecord record = adminAuditRecord(d.link_id, action, "", deliveryStateName(d.state), change);
  record.service = "deliveries";
  record.message_id = d.message_id;
  record.sender = d.sender;
  record.receiver = d.receiver;
  record.case_reference = "delivery " + std::to_string(d.id);
  std::vector<AuditRecord> batch{record};
  store.appendAudit(batch);
}

}  // namespace

int runDeliveries(const CliArgs& args) {
  if (args.words.size() < 2)
    return deliveriesUsage("`renkei deliveries` needs list, show, retry or discard");
  const std::string& verb = args.words[1];
  std::optional<DeliveryState> state;
  if (args.has("--state")) {
    DeliveryState parsed;
    if (!parseDeliveryState(*args.get("--state"), &parsed)) {
      return deliveriesUsage("--state must be pending, done, dead or discarded");
    }
    state = parsed;
  }
  std::optional<int64_t> id;
  if (verb == "show" || verb == "retry" || verb == "discard") {
    id = deliveryIdArgument(args);
    if (!id) return kExitUsage;
  } else if (verb != "list" || args.words.size() != 2) {
    return deliveriesUsage("unknown command 'deliveries " + verb + "'");
  }
  const std::string reason = args.get("--reason").value_or("");
  if (verb == "discard" && reason.empty()) {
    return deliveriesUsage("`renkei deliveries discard` needs --reason TEXT");
  }
  auto config = loadConfigFor(args);
  if (!config) return kExitUsage;
  try {
    auto store = openStore(*config);
    auto outbox = openOutboxStore(*config);
    const int64_t now = epochMsNow();
    if (verb == "list") {
      DeliveryFilter filter;
      filter.topic = args.get("--topic").value_or("");
      filter.receiver = args.get("--receiver").value_or("");
      filter.state = state;
      if (args.has("--limit")) filter.limit = std::stoll(*args.get("--limit"));
      std::cout << "id\tstate\ttopic\treceiver\tmessage id\tsubject\tattempts\tnext/finished\t"
                   "last error\n";
      for (const OutboxDelivery& d : outbox->listDeliveries(filter)) printRow(d);
      return 0;
    }
    // Retrying re-sends what a link already allows; discarding gives up a copy for good, so it
    // takes the role that may also retire links. Asked before the copy is looked up, so an
    // unauthorized caller learns nothing about the outbox.
    std::string actor;
    if (verb == "retry") {
      actor = authorizedActor(args, *store, "retry deliveries", admin::AdminRole::kApprover);
    } else if (verb == "discard") {
      actor = authorizedActor(args, *store, "discard deliveries", admin::AdminRole::kAdministrator);
    }
    const auto before = outbox->findDelivery(*id);
    if (!before) {
      std::cerr << "renkei: refused: there is no delivery " << *id << "\n";
      return kExitRefused;
    }
    if (verb == "show") {
      printDetail(*before, outbox->findNotification(before->notification_id));
      return 0;
    }
    const auto after =
        verb == "retry" ? outbox->retry(*id, now) : outbox->discard(*id, reason, now);
    auditChange(*store, *after, verb == "retry" ? "delivery retried" : "delivery discarded", actor,
                reason);
    std::cout << (verb == "retry" ? "retried" : "discarded") << " delivery " << *id << " of "
              << after->message_id << " to " << after->receiver << ": "
              << deliveryStateName(before->state) << " -> " << deliveryStateName(after->state)
              << " by " << actor << (reason.empty() ? "" : " (" + reason + ")") << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "renkei: refused: " << e.what() << "\n";
    return kExitRefused;
  }
}

}  // namespace renkei::cli
