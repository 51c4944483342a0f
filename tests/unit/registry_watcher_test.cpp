// The watcher that applies registry changes to a running broker: real SQLite, real thread.
#include "broker/registry/registry_watcher.h"

#include <gtest/gtest.h>

#include <sstream>
#include <thread>

#include "broker/store/sqlite_store.h"
#include "tests/unit/store_test_support.h"
#include "tests/unit/support/null_store.h"

namespace renkei {
namespace {

using namespace std::chrono_literals;
using testing::sampleRegistry;
using testing::TempDir;

class RegistryWatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_.migrate();
    seeded_ = sampleRegistry();
    store_.seedRegistry(seeded_);
    registry_.reload(store_);
  }

  bool kokuhoLinkActive() const {
    return registry_
        .findActiveLink("062022/kokuho", "062022/juki", "IdoJohoShokai", "1", "KOKUHO-01",
                        "2025-06-01")
        .has_value();
  }

  TempDir dir_;
  SqliteStore store_{dir_.file("renkei.db")};
  RegistrySnapshot seeded_;
  LinkRegistry registry_;
  std::ostringstream log_;
};

TEST_F(RegistryWatcherTest, PollReloadsOnlyWhenTheVersionMoved) {
  RegistryWatcher watcher(store_, registry_, 10s, log_);
  watcher.start();  // the long interval keeps the thread out of the way
  EXPECT_FALSE(watcher.pollOnce());
  EXPECT_TRUE(log_.str().empty());

  // Another process (the CLI) suspends the link through its own connection.
  SqliteStore cli(dir_.file("renkei.db"));
  cli.transitionLink(seeded_.links[0].id, LinkStatus::kSuspended, {"suzuki", "障害", ""});
  EXPECT_TRUE(kokuhoLinkActive());  // not yet
  EXPECT_TRUE(watcher.pollOnce());
  EXPECT_FALSE(kokuhoLinkActive());
  EXPECT_EQ(watcher.lastVersion(), store_.registryVersion());
  EXPECT_EQ(log_.str(), "renkei: registry changed (version " +
                            std::to_string(store_.registryVersion()) +
                            "): reloaded, 1 active links\n");
  EXPECT_FALSE(watcher.pollOnce());
}

TEST_F(RegistryWatcherTest, ThreadAppliesAChangeWithinAFewIntervals) {
  RegistryWatcher watcher(store_, registry_, 20ms, log_);
  watcher.start();
  store_.transitionLink(seeded_.links[0].id, LinkStatus::kSuspended, {"suzuki", "", ""});
  for (int i = 0; i < 200 && kokuhoLinkActive(); ++i) std::this_thread::sleep_for(10ms);
  EXPECT_FALSE(kokuhoLinkActive());
  watcher.stop();
  watcher.stop();  // idempotent
}

// Answers start() from the real store, then fails every version read.
class BrokenVersionStore : public test_support::NullStore {
 public:
  explicit BrokenVersionStore(Store& real) : real_(real) {}
  int64_t registryVersion() override {
    if (++calls_ > 1) throw StoreError("reading the registry version: database is locked");
    return 1;
  }
  RegistrySnapshot loadRegistry() override {
    if (calls_ > 1) ADD_FAILURE() << "must not reload without a version";
    return real_.loadRegistry();
  }
  Store& real_;
  int calls_ = 0;
};

TEST_F(RegistryWatcherTest, StoreErrorsKeepTheLoadedRegistryAndAreLoggedOnce) {
  BrokenVersionStore broken(store_);
  RegistryWatcher watcher(broken, registry_, 10s, log_);
  watcher.start();
  EXPECT_FALSE(watcher.pollOnce());
  EXPECT_FALSE(watcher.pollOnce());
  EXPECT_TRUE(kokuhoLinkActive());
  const std::string log = log_.str();
  EXPECT_NE(log.find("database is locked"), std::string::npos) << log;
  EXPECT_EQ(log.find("database is locked"), log.rfind("database is locked")) << log;
}

}  // namespace
}  // namespace renkei
