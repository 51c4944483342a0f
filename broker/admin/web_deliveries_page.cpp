// /deliveries: the 通知 outbox as an operator on duty reads it — how much is waiting, how old the
// oldest copy is, and each copy with its state, attempts and last error. The same rows as
// `renkei deliveries list`; changing them (retry, discard) stays in the CLI, where it is audited
// with the operator's name.
#include <chrono>
#include <cstdio>
#include <sstream>

#include "broker/admin/html.h"
#include "broker/admin/web_pages.h"
#include "broker/core/japan_date.h"

namespace renkei::admin {
namespace {

// Epoch ms as Japan time, which is what the officers' day is counted in.
std::string jstTime(int64_t epoch_ms) {
  if (epoch_ms <= 0) return "";
  using namespace std::chrono;
  const auto at = system_clock::time_point(milliseconds(epoch_ms)) + kJstOffset;
  const auto day = floor<days>(at);
  const year_month_day ymd(day);
  const hh_mm_ss hms(floor<seconds>(at - day));
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u %02ld:%02ld:%02ld", int(ymd.year()),
                unsigned(ymd.month()), unsigned(ymd.day()), long(hms.hours().count()),
                long(hms.minutes().count()), long(hms.seconds().count()));
  return text;
}

std::string filterForm(const DeliveryFilter& filter) {
  std::ostringstream out;
  out << "<form method=\"get\" action=\"/deliveries\">"
      << "<label>トピック Topic <input name=\"topic\" value=\"" << htmlEscape(filter.topic)
      << "\"></label><label>受信先 Receiver <input name=\"receiver\" value=\""
      << htmlEscape(filter.receiver) << "\"></label><label>状態 State <select name=\"state\">";
  const std::string current = filter.state ? deliveryStateName(*filter.state) : "";
  for (const char* state : {"", "pending", "done", "dead", "discarded"}) {
    out << "<option value=\"" << state << "\"" << (current == state ? " selected" : "") << ">"
        << (*state != '\0' ? state : "(all)") << "</option>";
  }
  out << "</select></label><button type=\"submit\">表示 Show</button></form>\n";
  return out.str();
}

}  // namespace

std::string deliveriesBody(const std::vector<OutboxDelivery>& rows, const OutboxStore::Depth& depth,
                           const DeliveryFilter& filter) {
  std::ostringstream out;
  out << "<p id=\"depth\">未配信 Pending: <strong>" << depth.pending
      << "</strong> / 配信不能 Dead: <strong>" << depth.dead << "</strong>";
  if (depth.pending > 0) {
    out << " / 最古の未配信 Oldest pending: " << depth.oldest_pending_ms / 1000 << " s";
  }
  out << "</p>\n"
      << filterForm(filter)
      << "<table id=\"deliveries\">\n<thead><tr><th>ID</th><th>状態 State</th>"
      << "<th>トピック Topic</th><th>送信元 Sender</th><th>受信先 Receiver</th>"
      << "<th>MessageId</th><th>対象 Subject</th><th>試行 Attempts</th>"
      << "<th>次回 / 完了 Next or finished (JST)</th><th>最後のエラー Last "
         "error</th></tr></thead>\n"
      << "<tbody>\n";
  for (const OutboxDelivery& d : rows) {
    const std::string state = deliveryStateName(d.state);
    const int64_t when = d.state == DeliveryState::kPending ? d.next_attempt_ms : d.finished_ms;
    out << "<tr><td class=\"num\">" << d.id << "</td><td class=\"delivery-" << state << "\">"
        << state << "</td><td>" << htmlEscape(d.topic) << "</td><td>" << htmlEscape(d.sender)
        << "</td><td>" << htmlEscape(d.receiver) << "</td><td>" << htmlEscape(d.message_id)
        << "</td><td>" << htmlEscape(d.subject) << "</td><td class=\"num\">" << d.attempts
        << "</td><td>" << jstTime(when) << "</td><td>" << htmlEscape(d.last_error)
        << "</td></tr>\n";
  }
  out << "</tbody>\n</table>\n";
  if (rows.empty()) out << "<p>該当する配信はありません。 No deliveries match.</p>\n";
  if (static_cast<int64_t>(rows.size()) == filter.limit) {
    out << "<p>最初の " << filter.limit << " 件のみ表示 Only the first " << filter.limit
        << " are shown; narrow the filter.</p>\n";
  }
  out << "<p>再送・破棄は <code>renkei deliveries retry|discard</code> で（監査記録に残ります）。 "
         "Retry and discard with the CLI, which records who did it.</p>\n";
  return out.str();
}

}  // namespace renkei::admin
