#include "broker/stages/outbox_post_stage.h"
#include "broker/core/utc_timestamp.h"

#include <iostream>

#include "broker/core/blocking_wait.h"
#include "broker/core/my_number.h"
#include "broker/core/soap_fault_writer.h"
#include "broker/notify/notify_clock.h"
#include "broker/notify/receipt.h"
#include "broker/notify/subject_of.h"
#include "broker/stages/authorize_stage.h"
#include "broker/store/store.h"
#include "broker/xml/parsed_envelope.h"

namespace renkei {

OutboxPostStage::OutboxPostStage(OutboxStore& outbox, const SubscriptionFinder& subscriptions,
                                 const NotifyConfig& notify, std::function<void()> posted)
    : outbox_(outbox), subscriptions_(subscriptions), notify_(notify), posted_(std::move(posted)) {}

StageResult OutboxPostStage::process(Exchange& exchange) {
  if (!exchange.header || !exchange.envelope || !exchange.link) {
    return StageResult::refuse(FaultCode::kInternal,
                               "outbox reached without a checked and authorized notification");
  }
  const PlatformHeader& h = *exchange.header;
  const NotificationTopic* topic = notify_.findTopic(h.service_name, h.service_version);
  if (topic == nullptr) {
    return StageResult::refuse(FaultCode::kInternal, "outbox reached for a non-topic service");
  }
  std::vector<DeliveryTarget> targets;
  const bool peer_copy = !exchange.request.via_peer.empty();
  if (peer_copy) {
    // A copy a peer broker forwarded: for the one subscriber the authorize stage checked.
    targets.push_back({exchange.link->receiver, exchange.link->id, exchange.link->purpose_code});
  } else if (h.receiver == subscribersAddressOf(h.sender)) {
    // Asked again rather than carried from the authorize stage: the same in-memory registry,
    // and a subscription suspended in between is honoured.
    for (const Link& link : subscriptions_.activeSubscriptions(h.sender, h.service_name,
                                                               h.service_version, jstDateToday())) {
      targets.push_back({link.receiver, link.id, link.purpose_code});
    }
    if (targets.empty()) {
      return StageResult::refuse(
          FaultCode::kLinkNotRegistered,
          "no active subscription link to topic " + h.service_name + " from " + h.sender);
    }
  } else {
    targets.push_back({exchange.link->receiver, exchange.link->id, exchange.link->purpose_code});
  }

  const int64_t now_ms = epochMsNow();
  OutboxNotification notification;
  notification.message_id = h.message_id;
  notification.sender = h.sender;
  notification.topic = h.service_name;
  notification.topic_version = h.service_version;
  notification.purpose = h.purpose_code;
  notification.subject = subjectOf(exchange.envelope->bodyRoot(), *topic);
  notification.content_type = exchange.request.content_type;
  notification.soap_action = exchange.request.soap_action;
  notification.body = exchange.request.body;
  notification.posted_at = utcTimestampMs(now_ms);
  try {
    BlockingWait waiting;  // a durable transaction
    if (peer_copy) {
      // Sent again after a lost receipt: kept once, answered with a receipt all the same.
      outbox_.addPeerCopy(notification, targets.front(), now_ms);
    } else {
      outbox_.post(notification, targets, now_ms);
    }
  } catch (const DuplicateNotificationError&) {
    return StageResult::refuse(FaultCode::kDuplicateMessage,
                               "MessageId " + h.message_id + " from " + h.sender +
                                   " was already accepted; a new message needs a new MessageId");
  } catch (const StoreError& e) {
    // The store's words name its host and user: the log, not the fault.
    std::cerr << "renkei: storing notification " << h.message_id
              << " failed: " << maskMyNumbers(e.what()) << std::endl;
    return StageResult::refuse(FaultCode::kAuditUnavailable,
                               "the notification could not be stored durably and was not "
                               "accepted; retry later with a new MessageId");
  }
  if (posted_) posted_();

  ReceiptFacts facts;
  facts.message_id = h.message_id;
  facts.accepted_at = notification.posted_at;
  facts.deliveries = static_cast<int>(targets.size());
  exchange.response_http_status = 200;
  exchange.response_content_type = soapContentType(exchange.soap_version);
  exchange.response_body = renderReceipt(exchange.soap_version, h, facts);
  return StageResult::proceed();
}

}  // namespace renkei
