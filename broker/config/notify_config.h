#pragma once
// 通知 settings from the configuration: which services are notification topics (and which body
// element names a notification's subject), and how the dispatcher delivers copies.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace renkei {

// <service kind="notification"> with its optional <subject ns element>.
struct NotificationTopic {
  std::string name;
  std::string version;
  std::string subject_ns;  // empty: no subject, one ordered stream per receiver
  std::string subject_element;
};

// The header Receiver that means "every active subscriber": the sender's own tenant code and
// this reserved local name ("062022/subscribers"). It is a valid UnitId, so the platform header
// schema stays as it is, and the configuration refuses a unit that would take the name.
inline constexpr std::string_view kSubscribersLocalName = "subscribers";

struct NotifyConfig {
  std::vector<NotificationTopic> topics;
  int max_attempts = 10;
  int dead_letter_after_hours = 72;
  long retry_base_ms = 1000;
  long retry_max_ms = 300000;
  int workers = 8;
  int max_in_flight_per_receiver = 2;
  long poll_ms = 200;

  const NotificationTopic* findTopic(const std::string& name, const std::string& version) const {
    for (const NotificationTopic& topic : topics) {
      if (topic.name == name && topic.version == version) return &topic;
    }
    return nullptr;
  }
};

// "062022/juki" -> "062022/subscribers".
inline std::string subscribersAddressOf(std::string_view sender) {
  return std::string(sender.substr(0, sender.find('/') + 1)) + std::string(kSubscribersLocalName);
}

}  // namespace renkei
