#pragma once
// xs:dateTime texts in UTC, written one way everywhere: to the second ("2026-12-03T04:05:06Z")
// for platform header Timestamps, receipts, snapshots and signatures, and to the millisecond
// ("2026-12-03T04:05:06.123Z") for audit records, checkpoints and the outbox. The audit record's
// text is part of its hash, so this format is a stored format: changing it breaks old trails
// (the fixed vectors of tests/unit/audit_hash_format_test.cpp pin the record format).
#include <cstdint>
#include <ctime>
#include <string>

namespace renkei {

std::string utcTimestamp(std::time_t at);
std::string utcTimestampNow();
std::string utcTimestampMs(int64_t epoch_ms);
std::string utcTimestampMsNow();

}  // namespace renkei
