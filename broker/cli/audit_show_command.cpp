// renkei audit show: the audit records of one message, as an investigator asks for them ("what
// happened to MessageId X?"), or the record at one seq.
#include <cstdint>
#include <iomanip>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>

#include "broker/audit/audit_bundle.h"
#include "broker/cli/commands.h"
#include "broker/cli/or_dash.h"
#include "broker/store/store_factory.h"

namespace renkei::cli {
namespace {

std::string milliseconds(int64_t micros) {
  std::ostringstream text;
  text << std::fixed << std::setprecision(2) << static_cast<double>(micros) / 1000.0 << " ms";
  return text.str();
}

void printRecord(const AuditRecord& r) {
  const auto line = [](const char* name, const std::string& value) {
    std::cout << "  " << std::left << std::setw(18) << name << value << "\n";
  };
  std::cout << "record " << r.seq << "\n";
  line("time", r.time);
  line("message id", orDash(r.message_id));
  line("sender", orDash(r.sender));
  line("receiver", orDash(r.receiver));
  line("service", r.service);
  line("purpose", orDash(r.purpose));
  line("link", r.link_id ? std::to_string(*r.link_id) : "- (no registered link)");
  line("outcome", r.outcome + (r.fault_code.empty() ? "" : " (" + r.fault_code + ")"));
  line("latency", milliseconds(r.latency_us));
  line("operator", orDash(r.operator_id));
  line("case reference", orDash(r.case_reference));
  line("peer address", orDash(r.peer_address));
  line("authenticated as",
       r.authenticated_unit.empty() ? "- (no client certificate)" : r.authenticated_unit);
  line("instance", orDash(r.instance_id));
  line("request sha256", orDash(r.request_sha256));
  line("response sha256", orDash(r.response_sha256));
  line("hash", r.hash);
  // A column whose stored type is not the schema's: an edit behind the broker's back that a
  // lossy conversion would otherwise hide (audit verify names it too).
  if (!r.read_problem.empty()) line("column problem", r.read_problem);
}

// --seq takes a whole number of 1 or more.
std::optional<int64_t> seqArgument(const std::string& text) {
  if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  const int64_t seq = std::stoll(text);
  if (seq < 1) return std::nullopt;
  return seq;
}

}  // namespace

int runAuditShow(const CliArgs& args) {
  const auto message_id = args.get("--message-id");
  const auto seq_text = args.get("--seq");
  if (message_id.has_value() == seq_text.has_value() || (message_id && message_id->empty())) {
    std::cerr << "renkei audit show: give either --message-id ID or --seq N (see "
                 "`renkei audit --help`)\n";
    return 2;
  }
  std::optional<int64_t> seq;
  if (seq_text) {
    seq = seqArgument(*seq_text);
    if (!seq) {
      std::cerr << "renkei audit show: --seq takes a record number (1 or more), not \"" << *seq_text
                << "\"\n";
      return 2;
    }
  }
  const std::string format = args.get("--format").value_or("text");
  if (format != "text" && format != "json") {
    std::cerr << "renkei audit show: --format is text or json, not \"" << format << "\"\n";
    return 2;
  }
  auto config = loadConfigFor(args);
  if (!config) return 2;
  try {
    auto store = openStore(*config);
    int64_t found = 0;
    const auto show = [&](const AuditRecord& record) {
      ++found;
      if (format == "json") {
        std::cout << auditRecordJsonLine(record);
      } else {
        if (found > 1) std::cout << "\n";
        printRecord(record);
      }
    };
    if (seq) {
      // Records are read in seq order from just before it: one row, whatever the trail's size.
      store->forEachAuditAfter(*seq - 1, [&](const AuditRecord& record) {
        if (record.seq == *seq) show(record);
        return false;
      });
    } else {
      for (const AuditRecord& record : store->auditRecordsWithMessageId(*message_id)) {
        show(record);
      }
    }
    if (found == 0) {
      std::cerr << "renkei audit show: no audit record "
                << (seq ? "at seq " + std::to_string(*seq) : "with MessageId " + *message_id)
                << " in " << describeStore(*config) << "\n";
      return 1;
    }
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "renkei: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace renkei::cli
