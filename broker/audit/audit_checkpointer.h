#pragma once
// Signs the audit chain head every N records or T seconds, whichever comes first, and once more
// at a clean stop, storing each checkpoint beside the trail. It polls the store's head instead
// of hooking the audit writer: the writer's batching stays untouched, and the head of a chain
// shared by several broker instances on PostgreSQL is the same for all of them.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <thread>

#include "broker/audit/audit_checkpoint.h"
#include "broker/audit/audit_trail.h"
#include "broker/audit/checkpoint_key.h"
#include "broker/audit/checkpointed_chain.h"

namespace renkei {

struct CheckpointOptions {
  int64_t every_records = 1000;
  std::chrono::milliseconds every{std::chrono::seconds(60)};
  std::string instance_id;
  // RFC 3161 timestamp authority; "" = none. A checkpoint whose timestamp cannot be had is
  // stored without one (and said so in the log): the signature alone is still evidence.
  std::string tsa_url;
  std::chrono::milliseconds tsa_timeout{5000};
  std::string chain_name = "audit";  // in log lines: "audit checkpoint failed: ..."
};

class AuditCheckpointer {
 public:
  // The broker's audit trail in `store`.
  AuditCheckpointer(AuditTrail& store, CheckpointSigner signer, CheckpointOptions options,
                    std::ostream& log);
  // Any other chain (the My Number gateway's records); `chain` outlives the checkpointer.
  AuditCheckpointer(CheckpointedChain& chain, CheckpointSigner signer, CheckpointOptions options,
                    std::ostream& log);
  ~AuditCheckpointer();
  AuditCheckpointer(const AuditCheckpointer&) = delete;
  AuditCheckpointer& operator=(const AuditCheckpointer&) = delete;

  void start();
  // Stops the thread and signs the head one last time (the audit writer has flushed by then).
  void stop();
  // Signs and stores the current head if it moved since the last checkpoint; returns it.
  std::optional<AuditCheckpoint> checkpointNow();

 private:
  void run();

  std::unique_ptr<CheckpointedChain> owned_chain_;  // the adapter over a trail, when given one
  CheckpointedChain& chain_;
  CheckpointSigner signer_;
  CheckpointOptions options_;
  std::ostream& log_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool started_ = false;
  int64_t signed_seq_ = -1;  // -1: not read from the store yet
  std::thread thread_;
};

}  // namespace renkei
