#include "broker/admin/readiness.h"

#include <algorithm>

#include "broker/core/json_text.h"

namespace renkei::admin {

HttpReply readinessReply(const std::vector<ReadinessCheck>& checks) {
  const bool ready =
      std::all_of(checks.begin(), checks.end(), [](const ReadinessCheck& c) { return c.ok; });
  std::string body = std::string("{\"ready\":") + (ready ? "true" : "false") + ",\"checks\":{";
  bool first = true;
  for (const ReadinessCheck& c : checks) {
    if (!first) body += ',';
    first = false;
    body += jsonString(c.name) + ":{\"ok\":" + (c.ok ? "true" : "false") +
            ",\"detail\":" + jsonString(c.detail) + "}";
  }
  body += "}}\n";
  // Cache-Control is not settable here; probes do not cache 503s anyway.
  return HttpReply{ready ? 200 : 503, "application/json", std::move(body), {}};
}

}  // namespace renkei::admin
