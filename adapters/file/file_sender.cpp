#include "adapters/file/file_sender.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <thread>
#include <vector>

#include "adapters/file/body_validator.h"
#include "adapters/file/broker_reply.h"
#include "adapters/file/gaiji_table.h"
#include "adapters/file/layout.h"
#include "adapters/file/message_builder.h"
#include "adapters/file/post_window.h"
#include "adapters/file/progress_metrics.h"
#include "adapters/file/record_decoder.h"
#include "adapters/file/record_envelope.h"
#include "adapters/file/record_splitter.h"
#include "adapters/file/reject_file.h"
#include "adapters/file/send_state.h"
#include "broker/audit/audit_hash.h"

namespace renkei::file {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct Counts {
  size_t sent = 0, rejected = 0, warnings = 0, deliveries = 0, duplicates = 0;
};

class Sender {
 public:
  Sender(const SendOptions& o, std::FILE* out, std::FILE* err) : o_(o), out_(out), err_(err) {}

  int run() {
    std::string bytes;
    if (!readAll(o_.file, &bytes)) return fail("cannot read the file");
    const Layout layout = readLayoutFile(o_.layout);
    const GaijiTable gaiji = o_.gaiji.empty() ? GaijiTable{} : GaijiTable::read(o_.gaiji);
    const BodyValidator validator(o_.xsd_dir, layout);
    digest_ = sha256Hex(bytes);

    size_t total = 0;
    for (RecordSplitter count(bytes, layout); count.next(&raw_);) ++total;
    SendState state(o_.state);
    const FileProgress before =
        state.begin(digest_, fs::absolute(o_.file).string(), layout.name, total);
    if (before.finished) {
      std::fprintf(out_,
                   "%s: already sent on %s (sha256 %s): %lld record(s) sent, %lld rejected; "
                   "skipped\n",
                   o_.file.c_str(), before.finished_at.c_str(), digest_.substr(0, 16).c_str(),
                   static_cast<long long>(before.sent), static_cast<long long>(before.rejected));
      return 0;
    }
    if (before.next_record > 1) {
      std::fprintf(err_, "renkei-file: resuming %s: %lld of %zu records left, from record %zu\n",
                   o_.file.c_str(), static_cast<long long>(total) - before.sent - before.rejected,
                   total, before.next_record);
    }
    RejectFile rejects(o_.rejects, o_.file, digest_);
    PostWindow window(o_.broker + "/" + layout.message.service, o_.timeout_ms, o_.window,
                      o_.retries);
    counts_.sent = static_cast<size_t>(before.sent);
    counts_.rejected = static_cast<size_t>(before.rejected);

    const auto started = Clock::now();
    auto last_progress = started;
    const PostWindow::Done answered = [&](std::vector<PostOutcome>& batch) {
      state.beginBatch();
      for (const PostOutcome& outcome : batch) {
        const std::optional<int> code = settle(outcome, rejects, state);
        if (code && !stop_) stop_ = code;
      }
      state.commitBatch();
    };
    RecordSplitter splitter(bytes, layout);
    while (!stop_ && splitter.next(&raw_)) {
      if (raw_.number < before.done.size() && before.done[raw_.number]) continue;
      ++handled_;
      if (std::optional<PostJob> job = prepare(layout, gaiji, validator, rejects, state)) {
        window.submit(std::move(*job), answered);
      }
      if (Clock::now() - last_progress > std::chrono::seconds(1)) {
        last_progress = Clock::now();
        if (!o_.quiet) progress(total, started);
        metrics(layout, total, false);
      }
      if (o_.pace_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(o_.pace_ms));
    }
    // The records still in flight are recorded even when stopping, so a rerun skips them.
    window.drain(answered);
    if (stop_) {
      summary(layout, total, before, started);
      return *stop_;
    }
    state.finish(digest_);
    metrics(layout, total, true);
    summary(layout, total, before, started);
    return counts_.rejected > 0 ? 2 : 0;
  }

 private:
  // The record decoded and checked: a post to make, or nullopt when it is rejected here.
  std::optional<PostJob> prepare(const Layout& layout, const GaijiTable& gaiji,
                                 const BodyValidator& validator, RejectFile& rejects,
                                 SendState& state) {
    const DecodedRecord record = decodeRecord(raw_.bytes, raw_.offset, layout, gaiji);
    const std::string message_id = recordMessageId(digest_, raw_.number);
    std::optional<RecordIssue> error;
    if (const RecordIssue* first = record.firstError()) error = *first;
    std::string body;
    if (!error) {
      body = buildBody(layout, record);
      error = validator.check(body, raw_.offset);
    }
    if (error) {
      for (const RecordIssue& issue : record.issues) {
        rejects.add(raw_.number, raw_.line, issue.offset, issue.field,
                    issue.error ? "error" : "warning", issue.reason);
      }
      if (record.ok())
        rejects.add(raw_.number, raw_.line, error->offset, error->field, "error", error->reason);
      rejects.flush();
      state.record(digest_, raw_.number, "rejected", message_id,
                   error->field + ": " + error->reason);
      ++counts_.rejected;
      return std::nullopt;
    }
    const RecordHeader header{message_id,
                              o_.unit,
                              receiver(),
                              layout.message.service,
                              layout.message.version,
                              layout.message.purpose,
                              caseReference(digest_, raw_.number)};
    in_flight_[raw_.number] = InFlight{raw_.line, raw_.offset, message_id, record.issues};
    return PostJob{raw_.number, recordEnvelope(header, body)};
  }

  // The broker's answer to one record (in any order): nullopt to go on, or the exit code to
  // stop with once the records in flight are answered.
  std::optional<int> settle(const PostOutcome& outcome, RejectFile& rejects, SendState& state) {
    const auto found = in_flight_.find(outcome.number);
    const InFlight posted = std::move(found->second);
    in_flight_.erase(found);
    const ReplyMeaning& meaning = outcome.meaning;
    const bool unrecorded =
        meaning.verdict == ReplyVerdict::kRetry || meaning.verdict == ReplyVerdict::kStop;
    // Once stopping, the other records in flight with the same trouble are not reported again.
    if (unrecorded && stop_) return stop_;
    if (meaning.verdict == ReplyVerdict::kRetry) {
      std::fprintf(err_, "renkei-file: record %zu: %s%s%s; stopped, run again to resume\n",
                   outcome.number, meaning.fault_code.c_str(),
                   meaning.fault_code.empty() ? "" : ": ", meaning.detail.c_str());
      return 3;
    }
    if (meaning.verdict == ReplyVerdict::kStop) {
      std::fprintf(err_,
                   "renkei-file: record %zu: the broker refuses the adapter: %s: %s; stopped, "
                   "fix the registry or the options and run again to resume\n",
                   outcome.number, meaning.fault_code.c_str(), meaning.detail.c_str());
      return 3;
    }
    const bool rejected = meaning.verdict == ReplyVerdict::kRejected;
    for (const RecordIssue& issue : posted.issues) {
      rejects.add(outcome.number, posted.line, issue.offset, issue.field,
                  issue.error ? "error" : "warning", issue.reason);
      counts_.warnings += !issue.error;
    }
    if (rejected) {
      rejects.add(outcome.number, posted.line, posted.offset, "-", "fault",
                  meaning.fault_code + ": " + meaning.detail);
    }
    if (!posted.issues.empty() || rejected) rejects.flush();
    state.record(digest_, outcome.number, rejected ? "rejected" : "sent", posted.message_id,
                 rejected ? meaning.fault_code + ": " + meaning.detail
                 : meaning.verdict == ReplyVerdict::kDuplicate
                     ? "already accepted (Client.DuplicateMessage)"
                     : meaning.detail);
    if (rejected) {
      ++counts_.rejected;
    } else {
      ++counts_.sent;
      counts_.deliveries += static_cast<size_t>(meaning.deliveries);
      counts_.duplicates += meaning.verdict == ReplyVerdict::kDuplicate;
    }
    return std::nullopt;
  }

  void metrics(const Layout& layout, size_t total, bool finished) {
    if (o_.metrics.empty()) return;
    const ProgressNumbers numbers{
        o_.file,          layout.name,      total,   counts_.sent + counts_.rejected, counts_.sent,
        counts_.rejected, counts_.warnings, finished};
    if (!writeProgressMetrics(o_.metrics, numbers)) {
      std::fprintf(err_, "renkei-file: cannot write the metrics file %s\n", o_.metrics.c_str());
    }
  }

  std::string receiver() const {
    if (!o_.receiver.empty()) return o_.receiver;
    return o_.unit.substr(0, o_.unit.find('/')) + "/subscribers";
  }

  void progress(size_t total, Clock::time_point started) {
    const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
    const double rate = seconds > 0 ? handled_ / seconds : 0;
    std::fprintf(err_, "renkei-file: %zu/%zu records (sent %zu, rejected %zu) %.0f/s\n",
                 raw_.number, total, counts_.sent, counts_.rejected, rate);
  }

  void summary(const Layout& layout, size_t total, const FileProgress& before,
               Clock::time_point started) {
    const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
    std::fprintf(out_, "file      %s (sha256 %s)\n", o_.file.c_str(),
                 digest_.substr(0, 16).c_str());
    std::fprintf(out_, "layout    %s -> %s v%s as %s\n", layout.name.c_str(),
                 layout.message.service.c_str(), layout.message.version.c_str(), o_.unit.c_str());
    std::fprintf(out_, "records   %zu\n", total);
    if (before.next_record > 1) std::fprintf(out_, "resumed   at record %zu\n", before.next_record);
    std::fprintf(out_, "sent      %zu (this run: %zu subscriber copies queued", counts_.sent,
                 counts_.deliveries);
    if (counts_.duplicates > 0) {
      std::fprintf(out_, ", %zu already accepted before a crash", counts_.duplicates);
    }
    std::fprintf(out_, ")\nrejected  %zu%s%s\n", counts_.rejected,
                 counts_.rejected > 0 ? ", see " : "",
                 counts_.rejected > 0 ? o_.rejects.c_str() : "");
    if (counts_.warnings > 0) {
      std::fprintf(out_, "warnings  %zu (sent; see %s)\n", counts_.warnings, o_.rejects.c_str());
    }
    std::fprintf(out_, "time      %.1f s\n", seconds);
  }

  int fail(const std::string& why) {
    std::fprintf(err_, "renkei-file: %s: %s\n", o_.file.c_str(), why.c_str());
    return 1;
  }

  static bool readAll(const std::string& path, std::string* bytes) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream text;
    text << in.rdbuf();
    *bytes = text.str();
    return true;
  }

  const SendOptions& o_;
  std::FILE* out_;
  std::FILE* err_;
  std::string digest_;
  RawRecord raw_;
  Counts counts_;
  size_t handled_ = 0;       // records taken up this run
  std::optional<int> stop_;  // the exit code, once a record's answer says to stop
  // What the answer to a posted record needs to be recorded, by record number.
  struct InFlight {
    int line = 0;
    size_t offset = 0;
    std::string message_id;
    std::vector<RecordIssue> issues;
  };
  std::map<size_t, InFlight> in_flight_;
};

}  // namespace

int runSend(const SendOptions& options, std::FILE* out, std::FILE* err) {
  try {
    return Sender(options, out, err).run();
  } catch (const std::exception& e) {
    std::fprintf(err, "renkei-file: %s\n", e.what());
    return 1;
  }
}

}  // namespace renkei::file
