// BatchingAuditWriter after a COMMIT whose answer was lost (the server terminated the session
// or answered too late): the batch may have landed or not. The writer asks the store before
// writing anything again, so the trail holds every exchange exactly once either way. Before,
// the batch was always written again: when it had landed, those exchanges were in the trail
// twice. Against a real SQLite store, whose answers a wrapper loses.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <sstream>
#include <thread>

#include "broker/audit/audit_hash.h"
#include "broker/audit/audit_verifier.h"
#include "broker/audit/batching_audit_writer.h"
#include "broker/store/sqlite_store.h"
#include "tests/unit/store_test_support.h"
#include "tests/unit/support/audit_writer_support.h"

namespace renkei {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using test_support::fastWriterOptions;
using test_support::unavailableOf;
using test_support::waitFor;
using testing::makeAuditRecord;
using testing::TempDir;

// The store as the writer sees it across a network: a commit's answer can be lost, and then the
// store is unreachable until `down` is cleared.
class AnswerLosingTrail : public AuditTrail {
 public:
  enum class Loss { kNone, kAfterCommit, kBeforeCommit };
  explicit AnswerLosingTrail(AuditTrail& store) : store_(store) {}

  void appendAudit(std::vector<AuditRecord>& batch) override {
    appendAuditBefore(batch, Clock::time_point::max());
  }
  void appendAuditBefore(std::vector<AuditRecord>& batch, Clock::time_point commit_by) override {
    if (down) throw StoreError("connection refused");
    const Loss loss = next_loss.exchange(Loss::kNone);
    if (loss == Loss::kBeforeCommit) {
      // Linked as the store links it, then lost before the COMMIT reached the server.
      const auto head = store_.auditHead();
      linkToChain(batch, head ? head->seq : 0, head ? head->hash : std::string());
    } else {
      store_.appendAuditBefore(batch, commit_by);
    }
    if (loss != Loss::kNone) {
      down = true;
      throw AuditCommitUnknownError("COMMIT: server closed the connection unexpectedly");
    }
  }
  void ping(milliseconds) override {
    if (down) throw StoreError("connection refused");
  }
  std::optional<std::string> auditHashAt(int64_t seq, milliseconds timeout) override {
    if (down) throw StoreError("connection refused");
    ++hash_lookups;
    return store_.auditHashAt(seq, timeout);
  }
  void forEachAuditAfter(int64_t after,
                         const std::function<bool(const AuditRecord&)>& visit) override {
    store_.forEachAuditAfter(after, visit);
  }
  std::optional<AuditHead> auditHead() override { return store_.auditHead(); }
  void appendCheckpoint(AuditCheckpoint& checkpoint) override {
    store_.appendCheckpoint(checkpoint);
  }
  std::vector<AuditCheckpoint> auditCheckpoints() override { return store_.auditCheckpoints(); }

  std::atomic<Loss> next_loss{Loss::kNone};
  std::atomic<bool> down{false};
  std::atomic<int> hash_lookups{0};

 private:
  AuditTrail& store_;
};

// message id -> every outcome the trail holds for it, in order.
std::map<std::string, std::vector<std::string>> outcomesIn(AuditTrail& store) {
  std::map<std::string, std::vector<std::string>> outcomes;
  store.forEachAudit([&](const AuditRecord& r) {
    outcomes[r.message_id].push_back(r.outcome);
    return true;
  });
  return outcomes;
}

class AuditCommitUnknownTest : public ::testing::Test {
 protected:
  // Records msg-1 (committed normally), then msg-2 whose commit loses its answer in the given
  // way, then msg-4 while the store is away; brings the store back and records msg-5. Returns
  // how many callers the writer says were answered a fault their landed records contradict.
  int64_t runOutage(AnswerLosingTrail::Loss loss) {
    BatchingAuditWriter writer(trail_, fastWriterOptions(), log_);
    writer.record(makeAuditRecord(1));

    trail_.next_loss = loss;
    const AuditRecord second = makeAuditRecord(2);  // routed
    EXPECT_THROW(writer.record(second, unavailableOf(second)), AuditUnavailableError);
    EXPECT_FALSE(writer.healthy());
    const AuditRecord fourth = makeAuditRecord(4);
    EXPECT_THROW(writer.record(fourth, unavailableOf(fourth)), AuditUnavailableError);

    trail_.down = false;
    if (!waitFor([&] { return writer.healthy(); })) {
      ADD_FAILURE() << "the writer did not recover: " << log_.str();
      return -1;
    }
    writer.record(makeAuditRecord(5));
    EXPECT_GE(trail_.hash_lookups.load(), 1) << "the writer never asked whether it landed";
    return writer.answeredFaultRecordedOtherwise();
  }

  TempDir dir_;
  SqliteStore store_{dir_.file("renkei.db")};
  AnswerLosingTrail trail_{store_};
  std::ostringstream log_;
};

TEST_F(AuditCommitUnknownTest, ABatchThatLandedIsNotWrittenAgain) {
  store_.migrate();
  EXPECT_EQ(runOutage(AnswerLosingTrail::Loss::kAfterCommit), 1) << "msg-2, and only msg-2";
  const auto outcomes = outcomesIn(store_);
  EXPECT_EQ(outcomes.at("msg-1"), std::vector<std::string>{"routed"});
  // Once, as committed: the caller was answered a fault, and the log says so.
  EXPECT_EQ(outcomes.at("msg-2"), std::vector<std::string>{"routed"});
  EXPECT_EQ(outcomes.at("msg-4"), std::vector<std::string>{"failed"});
  EXPECT_EQ(outcomes.at("msg-5"), std::vector<std::string>{"routed"});
  EXPECT_NE(log_.str().find("an audit commit whose answer was lost had landed: its 1 records are "
                            "kept once, not written again; 1 of those exchanges were answered "
                            "Server.AuditUnavailable"),
            std::string::npos)
      << log_.str();
  const AuditVerification verification = verifyAuditChain(store_);
  EXPECT_TRUE(verification.ok) << verification.message;
}

TEST_F(AuditCommitUnknownTest, ABatchThatDidNotLandIsWrittenAsItsCallersWereAnswered) {
  store_.migrate();
  EXPECT_EQ(runOutage(AnswerLosingTrail::Loss::kBeforeCommit), 0);
  const auto outcomes = outcomesIn(store_);
  EXPECT_EQ(outcomes.at("msg-1"), std::vector<std::string>{"routed"});
  EXPECT_EQ(outcomes.at("msg-2"), std::vector<std::string>{"failed"});
  EXPECT_EQ(outcomes.at("msg-4"), std::vector<std::string>{"failed"});
  EXPECT_EQ(outcomes.at("msg-5"), std::vector<std::string>{"routed"});
  EXPECT_EQ(log_.str().find("had landed"), std::string::npos) << log_.str();
  const AuditVerification verification = verifyAuditChain(store_);
  EXPECT_TRUE(verification.ok) << verification.message;
}

}  // namespace
}  // namespace renkei
