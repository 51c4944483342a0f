#pragma once
// What the running gateway does for its 情報提供等記録 besides appending them: signs the chain
// head with the broker's checkpoint key (AuditCheckpointer, every N records or T seconds and at
// a clean stop) and purges the records past retention (record_retention.h) at start and then
// periodically.
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>

#include "adapters/mynumber/gateway_store.h"
#include "adapters/mynumber/record_retention.h"
#include "broker/audit/audit_checkpointer.h"

namespace renkei::mynumber {

struct RecordKeeping {
  std::string checkpoint_key;  // private key file (<audit checkpointKey>); "" = nothing signed
  CheckpointOptions checkpoints;
  int retention_years = kDefaultRecordRetentionYears;
  std::chrono::milliseconds purge_every{std::chrono::hours(1)};
};

class RecordKeeper {
 public:
  // Reads the key (throws KeyFileError when it cannot).
  RecordKeeper(GatewayStore& store, RecordKeeping settings, std::ostream& log);
  ~RecordKeeper();
  RecordKeeper(const RecordKeeper&) = delete;
  RecordKeeper& operator=(const RecordKeeper&) = delete;

  void start();
  void stop();  // signs the head one last time
  bool signing() const { return signer_ != nullptr; }

 private:
  void purgeLoop();
  void purgeOnce();

  GatewayStore& store_;
  RecordKeeping settings_;
  std::ostream& log_;
  std::unique_ptr<CheckpointSigner> signer_;
  std::unique_ptr<AuditCheckpointer> checkpointer_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread purger_;
};

}  // namespace renkei::mynumber
