#include "adapters/mynumber/gateway_rules.h"

#include <chrono>
#include <cstdio>
#include <mutex>

#include "broker/config/config_loader.h"
#include "broker/mynumber/purpose_rules_store.h"
#include "broker/store/purpose_rules_store_factory.h"
#include "broker/store/store_factory.h"

namespace renkei::mynumber {
namespace {

constexpr std::chrono::seconds kRereadEvery{30};

// The newest version in the broker's store, read again when the last read is older than
// kRereadEvery. A failed re-read keeps the version read before (logged once per failure).
class StoreRules : public GatewayRules {
 public:
  explicit StoreRules(const std::string& config_path)
      : config_(loadBrokerConfig(config_path)),
        store_(openStore(config_)),
        rules_store_(openPurposeRulesStore(config_)) {
    reread();
  }

  PurposeCheck check() override {
    return
        [this](const std::string& jimu, const std::string& requester, const std::string& provider,
               const std::string& item, const std::string& date) -> std::optional<std::string> {
          const PurposeRules rules = current();
          const auto rule = rules.permit(jimu, requester, provider, item, date);
          if (!rule) return std::nullopt;
          return rule->legal_basis;
        };
  }

  std::string describe() override {
    const PurposeRules rules = current();
    if (rules.version() == 0) return "none loaded yet (every 照会 is refused)";
    return "version " + std::to_string(rules.version()) + ", " +
           std::to_string(rules.rules().size()) + " rules";
  }

 private:
  PurposeRules current() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (std::chrono::steady_clock::now() - read_at_ >= kRereadEvery) reread();
    return rules_;
  }

  // Holds mutex_ (or runs in the constructor).
  void reread() {
    read_at_ = std::chrono::steady_clock::now();
    try {
      rules_ = rules_store_->current().value_or(PurposeRules{});
    } catch (const std::exception& e) {
      std::fprintf(stderr,
                   "renkei-mynumber-gateway: purpose rules not re-read (%s); version %lld kept\n",
                   e.what(), static_cast<long long>(rules_.version()));
    }
  }

  BrokerConfig config_;
  std::unique_ptr<Store> store_;  // opened first: its migrations create the rules' tables
  std::unique_ptr<PurposeRulesStore> rules_store_;
  std::mutex mutex_;
  PurposeRules rules_;
  std::chrono::steady_clock::time_point read_at_;
};

}  // namespace

std::unique_ptr<GatewayRules> GatewayRules::fromBrokerConfig(const std::string& config_path) {
  return std::make_unique<StoreRules>(config_path);
}

}  // namespace renkei::mynumber
