#include "broker/replay/replay_guard_factory.h"

#include <algorithm>
#include <ctime>
#include <ostream>

#include "broker/replay/memory_replay_guard.h"
#include "broker/replay/store_replay_guard.h"
#include "broker/replay/xs_date_time.h"

namespace renkei {
namespace {

std::string utcText(std::chrono::system_clock::time_point at) {
  const std::time_t t = std::chrono::system_clock::to_time_t(at);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
  return text;
}

}  // namespace

std::unique_ptr<ReplayGuard> makeReplayGuard(Store& store, std::chrono::seconds retention,
                                             std::chrono::milliseconds timeout, std::ostream& log) {
  if (store.sharesReplayClaims()) {
    return std::make_unique<StoreReplayGuard>(store, retention, timeout);
  }
  auto guard = std::make_unique<MemoryReplayGuard>(retention);
  // A restart must not forget what was accepted just before it: the trail remembers.
  const auto now = std::chrono::system_clock::now();
  std::size_t primed = 0;
  store.forEachRecentClaim(
      utcText(now - retention),
      [&](const std::string& sender, const std::string& message_id, const std::string& time) {
        const auto at = parseXsDateTime(time);
        const auto age = at ? std::chrono::duration_cast<std::chrono::seconds>(now - *at)
                            : std::chrono::seconds(0);
        guard->remember(sender, message_id, std::max(age, std::chrono::seconds(0)));
        ++primed;
        return true;
      });
  if (primed > 0) {
    log << "renkei: replay guard primed with " << primed
        << " message ids from the audit trail's last " << retention.count() << " s" << std::endl;
  }
  return guard;
}

}  // namespace renkei
