#include "broker/audit/audit_checkpointer.h"

#include <algorithm>
#include <cstdio>
#include <ctime>

#include "broker/audit/timestamp_token.h"
#include "broker/core/thread_name.h"
#include "broker/core/utc_timestamp.h"

namespace renkei {

namespace {

// Cheap enough (one indexed row) to poll often, so "every N records" is met within this.
constexpr std::chrono::milliseconds kPollCeiling{500};

// The audit trail as a CheckpointedChain.
class StoreChain : public CheckpointedChain {
 public:
  explicit StoreChain(AuditTrail& store) : store_(store) {}
  std::optional<ChainHead> chainHead() override {
    const auto head = store_.auditHead();
    if (!head) return std::nullopt;
    return ChainHead{head->seq, head->hash};
  }
  int64_t signedThrough() override {
    int64_t seq = 0;
    for (const AuditCheckpoint& c : store_.auditCheckpoints()) seq = std::max(seq, c.seq);
    return seq;
  }
  void appendCheckpoint(AuditCheckpoint& checkpoint) override {
    store_.appendCheckpoint(checkpoint);
  }

 private:
  AuditTrail& store_;
};

}  // namespace

AuditCheckpointer::AuditCheckpointer(AuditTrail& store, CheckpointSigner signer,
                                     CheckpointOptions options, std::ostream& log)
    : owned_chain_(std::make_unique<StoreChain>(store)),
      chain_(*owned_chain_),
      signer_(std::move(signer)),
      options_(std::move(options)),
      log_(log) {}

AuditCheckpointer::AuditCheckpointer(CheckpointedChain& chain, CheckpointSigner signer,
                                     CheckpointOptions options, std::ostream& log)
    : chain_(chain), signer_(std::move(signer)), options_(std::move(options)), log_(log) {}

AuditCheckpointer::~AuditCheckpointer() { stop(); }

void AuditCheckpointer::start() {
  std::lock_guard lock(mutex_);
  if (started_) return;
  started_ = true;
  thread_ = namedThread("audit-checkpt", [this] { run(); });
}

void AuditCheckpointer::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  try {
    checkpointNow();
  } catch (const std::exception& e) {
    log_ << "renkei: final " << options_.chain_name << " checkpoint failed: " << e.what()
         << std::endl;
  }
}

std::optional<AuditCheckpoint> AuditCheckpointer::checkpointNow() {
  if (signed_seq_ < 0) signed_seq_ = chain_.signedThrough();
  const auto head = chain_.chainHead();
  if (!head || head->seq <= signed_seq_) return std::nullopt;
  AuditCheckpoint c;
  c.seq = head->seq;
  c.head_hash = head->hash;
  c.time = utcTimestampMsNow();
  c.instance_id = options_.instance_id;
  c.key_id = signer_.keyId();
  c.signature = signer_.sign(checkpointPayload(c));
  if (!options_.tsa_url.empty()) {
    try {
      c.tsa_token = requestTimestamp(options_.tsa_url, checkpointPayload(c), options_.tsa_timeout);
    } catch (const TimestampError& e) {
      log_ << "renkei: " << options_.chain_name << " checkpoint at record " << c.seq
           << " stored without a timestamp: " << e.what() << std::endl;
    }
  }
  chain_.appendCheckpoint(c);
  signed_seq_ = c.seq;
  return c;
}

void AuditCheckpointer::run() {
  const auto poll = std::min(options_.every, kPollCeiling);
  auto last = std::chrono::steady_clock::now();
  bool failing = false;
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, poll, [this] { return stopping_; });
    if (stopping_) break;
    lock.unlock();
    try {
      const auto head = chain_.chainHead();
      const bool due_by_time = std::chrono::steady_clock::now() - last >= options_.every;
      const bool due_by_count =
          head && signed_seq_ >= 0 && head->seq - signed_seq_ >= options_.every_records;
      if (due_by_time || due_by_count || signed_seq_ < 0) {
        if (checkpointNow() || due_by_time) last = std::chrono::steady_clock::now();
      }
      failing = false;
    } catch (const std::exception& e) {
      // The store is down: said once, then retried at every poll until it is back.
      if (!failing)
        log_ << "renkei: " << options_.chain_name << " checkpoint failed: " << e.what()
             << std::endl;
      failing = true;
    }
    lock.lock();
  }
}

}  // namespace renkei
