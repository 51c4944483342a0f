#include "broker/notify/notification_dispatcher.h"
#include "broker/core/utc_timestamp.h"

#include <algorithm>

#include "broker/audit/audit_hash.h"
#include "broker/core/japan_date.h"
#include "broker/core/my_number.h"
#include "broker/core/thread_name.h"
#include "broker/notify/delivery_answer.h"
#include "broker/notify/notify_clock.h"
#include "broker/notify/peer_delivery.h"

namespace renkei {
namespace {

// A lease outlives any attempt (timeout) with room to write its outcome; after a crash another
// instance may take the copy over once it expires (this instance releases its own at start).
constexpr int64_t kLeaseMarginMs = 30000;

}  // namespace

NotificationDispatcher::NotificationDispatcher(OutboxStore& outbox, HttpForwarder& forwarder,
                                               const ServiceCatalog& catalog, AuditSink& audit,
                                               const xml::SchemaSet& schemas,
                                               xml::ParserLimits limits, DispatcherOptions options,
                                               std::ostream& log)
    : outbox_(outbox),
      forwarder_(forwarder),
      catalog_(catalog),
      audit_(audit),
      schemas_(schemas),
      limits_(limits),
      options_(std::move(options)),
      log_(log) {}

NotificationDispatcher::~NotificationDispatcher() { stop(); }

void NotificationDispatcher::usePeers(PeerRoutes routes) { peers_ = std::move(routes); }

void NotificationDispatcher::start() {
  if (dispatcher_.joinable()) return;
  try {
    outbox_.releaseLeases(options_.instance_id);
  } catch (const std::exception& e) {
    logStoreProblem("releasing leases", e);  // they expire on their own
  }
  stopping_ = false;
  for (int i = 0; i < std::max(1, options_.workers); ++i) {
    workers_.push_back(namedThread("notify-deliver", [this] { workLoop(); }));
  }
  dispatcher_ = namedThread("notify-dispatch", [this] { dispatchLoop(); });
}

void NotificationDispatcher::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && !dispatcher_.joinable()) return;
    stopping_ = true;
  }
  dispatch_cv_.notify_all();
  work_cv_.notify_all();
  if (dispatcher_.joinable()) dispatcher_.join();
  for (auto& worker : workers_) worker.join();
  workers_.clear();
  // Copies leased but not started keep their lease: the next start of this instance releases
  // it, another instance waits for it to expire.
  queue_.clear();
  per_receiver_.clear();
}

void NotificationDispatcher::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  dispatch_cv_.notify_one();
}

void NotificationDispatcher::dispatchLoop() {
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      dispatch_cv_.wait_for(lock, options_.poll, [this] { return stopping_ || woken_; });
      if (stopping_) return;
      woken_ = false;
    }
    // Nothing is sent that cannot be audited: wait for the trail to come back.
    if (!audit_.healthy()) continue;
    try {
      fill();
      std::lock_guard lock(mutex_);
      if (store_trouble_) {
        log_ << "renkei: notification outbox reachable again; deliveries resume" << std::endl;
        store_trouble_ = false;
      }
    } catch (const std::exception& e) {
      logStoreProblem("reading due deliveries", e);
    }
  }
}

// Hands due copies to the workers while there is room, within each receiver's share.
void NotificationDispatcher::fill() {
  for (;;) {
    int room = 0;
    std::map<std::string, int> per_receiver;
    {
      std::lock_guard lock(mutex_);
      room = options_.workers - busy_ - static_cast<int>(queue_.size());
      per_receiver = per_receiver_;
    }
    if (room <= 0) return;
    const int64_t limit = std::max<int64_t>(64, 4 * static_cast<int64_t>(room));
    const int64_t now = epochMsNow();
    const std::vector<OutboxDelivery> due = outbox_.dueDeliveries(now, limit, heldReceivers(now));
    std::vector<int64_t> picked;
    for (const OutboxDelivery& d : due) {
      if (static_cast<int>(picked.size()) >= room) break;
      int& share = per_receiver[d.receiver];
      if (share >= options_.max_in_flight_per_receiver) continue;
      ++share;
      picked.push_back(d.id);
    }
    if (picked.empty()) return;
    const int64_t lease_until = now + options_.timeout.count() + kLeaseMarginMs;
    std::vector<OutboxDelivery> claimed =
        outbox_.claim(picked, options_.instance_id, now, lease_until);
    {
      std::lock_guard lock(mutex_);
      for (OutboxDelivery& d : claimed) {
        ++per_receiver_[d.receiver];
        queue_.push_back(std::move(d));
      }
    }
    work_cv_.notify_all();
    // A short page means everything due was seen; a full one may hide more behind it.
    if (static_cast<int64_t>(due.size()) < limit || claimed.empty()) return;
  }
}

void NotificationDispatcher::workLoop() {
  for (;;) {
    OutboxDelivery delivery;
    {
      std::unique_lock lock(mutex_);
      work_cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      delivery = std::move(queue_.front());
      queue_.pop_front();
      ++busy_;
    }
    try {
      deliver(delivery);
    } catch (const std::exception& e) {
      // The copy keeps its lease and is taken up again when it expires (or at restart).
      logStoreProblem("recording a delivery", e);
    }
    {
      std::lock_guard lock(mutex_);
      --busy_;
      if (--per_receiver_[delivery.receiver] <= 0) per_receiver_.erase(delivery.receiver);
      woken_ = true;  // the next copy of this receiver and subject may be due now
    }
    dispatch_cv_.notify_one();
  }
}

// Receivers whose peer broker cannot be called now: their copies stay pending, in order, and
// spend no attempts until it is back (only copies already too old are still taken, to go dead).
HeldReceivers NotificationDispatcher::heldReceivers(int64_t now_ms) const {
  HeldReceivers held;
  if (peers_.forwarder == nullptr || !peers_.reachable) return held;
  std::map<std::string, bool> reachable;
  for (const auto& [unit, peer] : peers_.host_of) {
    auto it = reachable.find(peer);
    if (it == reachable.end()) it = reachable.emplace(peer, peers_.reachable(peer)).first;
    if (!it->second) held.receivers.push_back(unit);
  }
  held.created_from_ms =
      options_.retry.dead_after_ms > 0 ? now_ms - options_.retry.dead_after_ms : 0;
  return held;
}

void NotificationDispatcher::deliver(const OutboxDelivery& d) {
  const auto started = std::chrono::steady_clock::now();
  Attempt attempt;
  const auto latency = [&] {
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() -
                                                                 started)
        .count();
  };
  const auto fail = [&](FaultCode code, const std::string& error) {
    attempt.latency_us = latency();
    failed(d, code, error, false, attempt);
  };

  const auto peer = peers_.forwarder ? peers_.host_of.find(d.receiver) : peers_.host_of.end();
  const bool remote = peer != peers_.host_of.end();
  if (remote) attempt.peer_address = "peer:" + peer->second;
  const auto notification = outbox_.findNotification(d.notification_id);
  const auto unit = catalog_.findUnit(d.receiver);
  const auto topic = catalog_.findService(d.topic, d.topic_version);
  if (!notification || !unit || !topic || (unit->endpoint.empty() && !remote)) {
    return fail(FaultCode::kReceiverUnavailable,
                "receiver " + d.receiver + " or topic " + d.topic + " is not registered");
  }
  attempt.request_sha256 = sha256Hex(notification->body);
  // The subscription is checked again at each attempt: a link suspended after the post stops
  // its copies (they wait, retried, until it is resumed or they go dead).
  if (!catalog_.findActiveLink(d.sender, d.receiver, d.topic, d.topic_version, d.purpose,
                               jstDateToday())) {
    return fail(FaultCode::kLinkNotRegistered,
                "subscription link " + std::to_string(d.link_id) + " is not active");
  }
  if (!audit_.healthy()) {
    return fail(FaultCode::kAuditUnavailable, "audit trail unavailable; not sent");
  }
  if (remote) return deliverToPeer(d, *notification, peer->second, std::move(attempt));
  ForwardRequest request;
  request.url = unit->endpoint;
  request.content_type = notification->content_type;
  request.soap_action = notification->soap_action;
  request.body = notification->body;
  request.timeout_ms = static_cast<long>(options_.timeout.count());
  const ForwardResult answer = forwarder_.post(request);
  const DeliveryVerdict verdict = judgeDeliveryAnswer(answer, *topic, schemas_, limits_);
  attempt.response_sha256 = sha256Hex(answer.body);
  attempt.latency_us = latency();
  if (!verdict.acknowledged) return failed(d, verdict.code, verdict.error, false, attempt);
  acknowledged(d, attempt);
}

// The peer's pipeline authenticates this broker, authorizes the copy against its own registry
// and answers ok only after its outbox committed it: from then on the copy is the peer's.
void NotificationDispatcher::deliverToPeer(const OutboxDelivery& d,
                                           const OutboxNotification& notification,
                                           const std::string& peer, Attempt attempt) {
  const auto started = std::chrono::steady_clock::now();
  const auto deadline = started + options_.timeout;
  // Sent a little early, so the peer's own timeout answer arrives before this side gives up.
  const int64_t deadline_unix_ms = epochMsNow() + options_.timeout.count() * 9 / 10;
  const PeerAnswer answer =
      peers_.forwarder->call(peer, peerCallForCopy(d, notification, deadline_unix_ms), deadline);
  attempt.latency_us += std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::steady_clock::now() - started)
                            .count();
  attempt.response_sha256 = sha256Hex(answer.body);
  const PeerDeliveryVerdict verdict = judgePeerAnswer(peer, answer);
  if (!verdict.acknowledged) return failed(d, verdict.code, verdict.error, verdict.final, attempt);
  acknowledged(d, attempt);
}

// Done right after the acknowledgement's audit record (group-committed, a few ms): a crash in
// that window sends the copy once more (at-least-once; receivers deduplicate by MessageId, a
// peer broker keeps one copy per receiver); a copy marked done is never sent again, and no
// acknowledged attempt is missing from the trail.
void NotificationDispatcher::acknowledged(const OutboxDelivery& d, const Attempt& attempt) {
  record(d, "routed", FaultCode::kInternal, attempt);
  outbox_.markDone(d.id, epochMsNow());
  acknowledged_.fetch_add(1, std::memory_order_relaxed);
}

// The attempt's record first, then its outcome in the outbox: a crash in between leaves a copy
// that is sent again (at-least-once), never an attempt that left no evidence.
void NotificationDispatcher::failed(const OutboxDelivery& d, FaultCode code,
                                    const std::string& error, bool final, const Attempt& attempt) {
  record(d, "failed", code, attempt);
  const int64_t now = epochMsNow();
  const bool dead = final || options_.retry.exhausted(d.attempts, d.created_ms, now);
  double random01 = 0;
  {
    std::lock_guard lock(mutex_);
    random01 = std::uniform_real_distribution<double>(0.0, 1.0)(random_);
  }
  const int64_t next = now + options_.retry.delayMs(d.attempts, random01);
  outbox_.markFailed(d.id, error, dead, next, now);
  failed_.fetch_add(1, std::memory_order_relaxed);
  if (dead) {
    dead_lettered_.fetch_add(1, std::memory_order_relaxed);
    log_ << "renkei: delivery " << d.id << " of notification " << d.message_id << " to "
         << d.receiver << " is dead after " << d.attempts << " attempt(s): " << maskMyNumbers(error)
         << std::endl;
  }
}

NotificationDispatcher::Counts NotificationDispatcher::counts() const {
  Counts counts;
  counts.acknowledged = acknowledged_.load(std::memory_order_relaxed);
  counts.failed = failed_.load(std::memory_order_relaxed);
  counts.dead_lettered = dead_lettered_.load(std::memory_order_relaxed);
  return counts;
}

void NotificationDispatcher::record(const OutboxDelivery& d, const std::string& outcome,
                                    FaultCode code, const Attempt& attempt) {
  AuditRecord r;
  r.time = utcTimestampMs(epochMsNow());
  r.message_id = d.message_id;
  r.sender = d.sender;
  r.receiver = d.receiver;
  r.service = d.topic + ":" + d.topic_version;
  r.purpose = d.purpose;
  r.link_id = d.link_id;
  r.outcome = outcome;
  if (outcome != "routed") r.fault_code = std::string(faultSpec(code).name);
  r.latency_us = attempt.latency_us;
  r.request_sha256 = attempt.request_sha256;
  r.response_sha256 = attempt.response_sha256;
  // A copy handed to a peer broker: which one, so this trail shows where it went.
  r.peer_address = attempt.peer_address;
  // Which copy and attempt: the case reference field, so the trail tells attempts apart.
  r.case_reference = "delivery " + std::to_string(d.id) + " attempt " + std::to_string(d.attempts);
  try {
    audit_.record(std::move(r));
  } catch (const std::exception& e) {
    // The writer keeps the record and commits it when the store is back.
    log_ << "renkei: audit of delivery " << d.id << " delayed: " << maskMyNumbers(e.what())
         << std::endl;
  }
}

void NotificationDispatcher::logStoreProblem(const char* doing, const std::exception& e) {
  std::lock_guard lock(mutex_);
  if (store_trouble_) return;
  store_trouble_ = true;
  log_ << "renkei: notification outbox: " << doing << " failed: " << maskMyNumbers(e.what())
       << std::endl;
}

}  // namespace renkei
