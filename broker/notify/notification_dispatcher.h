#pragma once
// Delivers the outbox's copies, each on its own: one dispatcher thread finds due copies and
// leases them, a bounded pool of workers sends them through the forwarder, and each outcome is
// written back (done, retry later, dead) and audited. Per receiver at most
// maxInFlightPerReceiver copies are in flight, so a slow or dead unit holds only that many
// workers and every other subscriber keeps receiving. Order per (receiver, subject) comes from
// the outbox itself: only the first pending copy of a receiver and subject is ever due.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <ostream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "broker/core/audit_sink.h"
#include "broker/core/fault_code.h"
#include "broker/core/service_catalog.h"
#include "broker/notify/outbox_store.h"
#include "broker/notify/retry_policy.h"
#include "broker/transport/http_forwarder.h"
#include "broker/transport/peer_forwarder.h"
#include "broker/xml/parser_limits.h"
#include "broker/xml/schema_set.h"

namespace renkei {

struct DispatcherOptions {
  RetryPolicy retry;
  int workers = 8;
  int max_in_flight_per_receiver = 2;
  std::chrono::milliseconds poll{200};
  std::chrono::milliseconds timeout{10000};  // one attempt, connect included
  std::string instance_id;                   // lease owner: unique per broker instance
};

// Federation (docs/federation.md, "通知 across clouds"): a copy for a unit hosted by a peer
// broker goes over the peer link, and the peer's receipt (sent after its own outbox commit) is
// the acknowledgement. While a peer is unreachable its copies are held back: they wait in
// this outbox without spending attempts.
struct PeerRoutes {
  PeerForwarder* forwarder = nullptr;
  std::map<std::string, std::string> host_of;  // unit id -> the peer broker that hosts it
  // Whether a call to the peer may go now (connected, breaker closed).
  std::function<bool(const std::string& peer)> reachable;
};

class NotificationDispatcher {
 public:
  NotificationDispatcher(OutboxStore& outbox, HttpForwarder& forwarder,
                         const ServiceCatalog& catalog, AuditSink& audit,
                         const xml::SchemaSet& schemas, xml::ParserLimits limits,
                         DispatcherOptions options, std::ostream& log);
  ~NotificationDispatcher();

  // Before start(): copies for peer-hosted units go through `routes`.
  void usePeers(PeerRoutes routes);
  // Releases this instance's leases left by a crash, then starts the threads.
  void start();
  // Lets the attempts in flight finish (each is bounded by the timeout), then joins.
  void stop();
  // Something may be due now (a post on this broker, a copy finished): look at once.
  void wake();

  // Attempts this instance made since it started, for /metrics.
  struct Counts {
    uint64_t acknowledged = 0;  // the receiver answered; the copy is done
    uint64_t failed = 0;        // retried later, or dead-lettered
    uint64_t dead_lettered = 0;
  };
  Counts counts() const;

 private:
  void dispatchLoop();
  void fill();
  void workLoop();
  void deliver(const OutboxDelivery& delivery);
  // The copy went to (or could not reach) the receiver; `peer_address` names the peer broker
  // for a copy sent over the peer link ("peer:cloud-b"), empty otherwise.
  struct Attempt {
    int64_t latency_us = 0;
    std::string request_sha256;
    std::string response_sha256;
    std::string peer_address;
  };
  void acknowledged(const OutboxDelivery& delivery, const Attempt& attempt);
  // `final`: no retry can succeed without an operator (a peer's refusal): dead at once.
  void failed(const OutboxDelivery& delivery, FaultCode code, const std::string& error, bool final,
              const Attempt& attempt);
  void deliverToPeer(const OutboxDelivery& delivery, const OutboxNotification& notification,
                     const std::string& peer, Attempt attempt);
  HeldReceivers heldReceivers(int64_t now_ms) const;
  void record(const OutboxDelivery& delivery, const std::string& outcome, FaultCode code,
              const Attempt& attempt);
  void logStoreProblem(const char* doing, const std::exception& e);

  OutboxStore& outbox_;
  HttpForwarder& forwarder_;
  const ServiceCatalog& catalog_;
  AuditSink& audit_;
  const xml::SchemaSet& schemas_;
  const xml::ParserLimits limits_;
  const DispatcherOptions options_;
  PeerRoutes peers_;
  std::ostream& log_;

  std::mutex mutex_;
  std::condition_variable dispatch_cv_;
  std::condition_variable work_cv_;
  std::deque<OutboxDelivery> queue_;
  std::map<std::string, int> per_receiver_;  // queued or in flight
  int busy_ = 0;
  bool woken_ = false;
  bool stopping_ = false;
  bool store_trouble_ = false;  // logged once per outage
  std::atomic<uint64_t> acknowledged_{0};
  std::atomic<uint64_t> failed_{0};
  std::atomic<uint64_t> dead_lettered_{0};
  std::mt19937_64 random_{std::random_device{}()};
  std::thread dispatcher_;
  std::vector<std::thread> workers_;
};

}  // namespace renkei
