#include "broker/accesslog/access_log_line.h"

#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "broker/core/json_text.h"
#include "broker/core/my_number.h"

namespace renkei::accesslog {
namespace {

void field(std::string& out, std::string_view name, std::string_view value) {
  out += jsonString(name);
  out += ':';
  out += jsonString(maskMyNumbers(value));
  out += ',';
}

void number(std::string& out, std::string_view name, long long value) {
  out += jsonString(name);
  out += ':';
  out += std::to_string(value);
  out += ',';
}

}  // namespace

std::string isoTimeWithOffset(std::chrono::system_clock::time_point when, long utc_offset) {
  using namespace std::chrono;
  const auto since_epoch = duration_cast<milliseconds>(when.time_since_epoch()).count();
  const std::time_t local = static_cast<std::time_t>(since_epoch / 1000) + utc_offset;
  std::tm tm{};
  // gmtime_r of the shifted instant: localtime_r takes glibc's time-zone lock on every call.
  gmtime_r(&local, &tm);
  const long minutes = std::labs(utc_offset) / 60;
  char buf[80];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03lld%c%02ld:%02ld",
                tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<long long>(since_epoch % 1000), utc_offset < 0 ? '-' : '+',
                minutes / 60, minutes % 60);
  return buf;
}

std::string accessLogLine(const ExchangeReport& report, std::string_view instance,
                          std::chrono::system_clock::time_point when, long utc_offset) {
  const Exchange& exchange = report.exchange;
  std::string out;
  out.reserve(512);
  out += '{';
  field(out, "time", isoTimeWithOffset(when, utc_offset));
  // The header check has fixed these fields' shapes (UUID, unit ids); without a valid header
  // nothing from the message is named at all.
  if (exchange.header) {
    const PlatformHeader& h = *exchange.header;
    field(out, "message_id", h.message_id);
    field(out, "sender", h.sender);
    field(out, "receiver", h.receiver);
    field(out, "service", h.service_name + ":" + h.service_version);
  } else {
    field(out, "message_id", "");
    field(out, "sender", "");
    field(out, "receiver", "");
    field(out, "service", "");
  }
  field(out, "outcome", report.outcome);
  field(out, "fault_code", report.fault_code);
  number(out, "latency_us", report.total.count());
  out += "\"stages_us\":{";
  for (const StageTiming& timing : report.stages) {
    out += jsonString(stageLabel(timing.stage));
    out += ':';
    out += std::to_string(timing.elapsed.count());
    out += ',';
  }
  out += "\"audit\":" + std::to_string(report.audit.count()) + "},";
  field(out, "peer", exchange.request.peer);
  out += jsonString("instance");
  out += ':';
  out += jsonString(maskMyNumbers(instance));
  out += '}';
  return out;
}

}  // namespace renkei::accesslog
