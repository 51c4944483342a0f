#include "adapters/mynumber/record_keeper.h"

#include "broker/core/japan_date.h"
#include "broker/core/my_number.h"
#include "broker/core/thread_name.h"

namespace renkei::mynumber {

RecordKeeper::RecordKeeper(GatewayStore& store, RecordKeeping settings, std::ostream& log)
    : store_(store), settings_(std::move(settings)), log_(log) {
  if (settings_.checkpoint_key.empty()) return;
  signer_ =
      std::make_unique<CheckpointSigner>(CheckpointSigner::fromFile(settings_.checkpoint_key));
  settings_.checkpoints.chain_name = "情報提供等記録";
  checkpointer_ =
      std::make_unique<AuditCheckpointer>(store_, *signer_, settings_.checkpoints, log_);
}

RecordKeeper::~RecordKeeper() { stop(); }

void RecordKeeper::start() {
  if (checkpointer_) checkpointer_->start();
  purger_ = namedThread("mynumber-purge", [this] { purgeLoop(); });
}

void RecordKeeper::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_.notify_all();
  if (purger_.joinable()) purger_.join();
  if (checkpointer_) checkpointer_->stop();
}

void RecordKeeper::purgeOnce() {
  try {
    const std::string cutoff = retentionCutoff(jstDateToday(), settings_.retention_years);
    const PurgeResult result =
        purgeExpiredRecords(store_, settings_.retention_years, "gateway", signer_.get(),
                            settings_.checkpoints.instance_id);
    // Only a purge that removed something is worth a line; the records themselves keep it.
    if (result.count > 0) {
      log_ << "renkei-mynumber-gateway: 情報提供等記録 " << describePurge(result, cutoff)
           << std::endl;
    }
  } catch (const std::exception& e) {
    log_ << "renkei-mynumber-gateway: purging 情報提供等記録 failed (tried again in "
         << settings_.purge_every.count() / 1000 << " s): " << maskMyNumbers(e.what()) << std::endl;
  }
}

void RecordKeeper::purgeLoop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    purgeOnce();
    lock.lock();
    wake_.wait_for(lock, settings_.purge_every, [this] { return stopping_; });
  }
}

}  // namespace renkei::mynumber
