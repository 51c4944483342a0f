#include "broker/stages/follower_catalog.h"

namespace renkei {

std::optional<Link> FollowerCatalog::findActiveLink(const std::string& sender,
                                                    const std::string& receiver,
                                                    const std::string& service_name,
                                                    const std::string& service_version,
                                                    const std::string& purpose_code,
                                                    const std::string& date) const {
  if (!federation_.crossesClouds(sender, receiver)) {
    return local_.findActiveLink(sender, receiver, service_name, service_version, purpose_code,
                                 date);
  }
  const auto held = snapshot_.current();
  if (!held) return std::nullopt;
  return held->links.findActiveLink(sender, receiver, service_name, service_version, purpose_code,
                                    date);
}

}  // namespace renkei
