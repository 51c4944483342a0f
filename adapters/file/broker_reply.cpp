#include "adapters/file/broker_reply.h"

#include <set>

namespace renkei::file {
namespace {

// The text of the first element with this local name (any prefix), or "".
std::string elementText(const std::string& xml, const std::string& local) {
  for (size_t at = xml.find(local + ">"); at != std::string::npos;
       at = xml.find(local + ">", at + 1)) {
    const char before = at > 0 ? xml[at - 1] : ' ';
    if (at < 1 || (before != '<' && before != ':')) continue;
    size_t open = xml.rfind('<', at);
    if (open == std::string::npos || xml[open + 1] == '/') continue;
    const size_t start = at + local.size() + 1;
    const size_t end = xml.find('<', start);
    if (end == std::string::npos) return "";
    return xml.substr(start, end - start);
  }
  return "";
}

// Faults that concern the record's content: sending it again would get the same answer.
const std::set<std::string> kRecordFaults = {
    "Client.SchemaViolation", "Client.InvalidXml", "Client.MessageTooLarge",
    "Client.PersonalNumberExposed", "Client.ForbiddenXmlConstruct"};

}  // namespace

ReplyMeaning interpretReply(const PostReply& reply) {
  ReplyMeaning meaning;
  if (reply.status == 0) {
    meaning.detail = "no answer from the broker: " + reply.error;
    return meaning;
  }
  if (reply.status == 200 && reply.body.find("NotificationReceipt") != std::string::npos) {
    meaning.verdict = ReplyVerdict::kAccepted;
    const std::string count = elementText(reply.body, "Deliveries");
    meaning.deliveries = count.empty() ? 0 : std::stoi(count);
    meaning.detail = count + " subscriber(s)";
    return meaning;
  }
  std::string code = elementText(reply.body, "Code");
  if (code.empty()) code = elementText(reply.body, "faultcode");
  if (const size_t colon = code.find(':'); colon != std::string::npos) code.erase(0, colon + 1);
  meaning.fault_code = code;
  meaning.detail = elementText(reply.body, "faultstring");
  if (meaning.detail.empty()) meaning.detail = elementText(reply.body, "Text");
  if (code.empty()) {
    meaning.detail = "HTTP " + std::to_string(reply.status) + " without a platform fault";
    meaning.verdict = reply.status >= 500 ? ReplyVerdict::kRetry : ReplyVerdict::kStop;
  } else if (code == "Client.DuplicateMessage") {
    meaning.verdict = ReplyVerdict::kDuplicate;
  } else if (kRecordFaults.count(code) != 0) {
    meaning.verdict = ReplyVerdict::kRejected;
  } else if (code.rfind("Server.", 0) == 0) {
    meaning.verdict = ReplyVerdict::kRetry;
  } else {
    meaning.verdict = ReplyVerdict::kStop;
  }
  return meaning;
}

}  // namespace renkei::file
