#pragma once
// The SOAP envelope a record is posted in: the platform header (docs/notifications.md,
// "Posting") around the body built from the record.
#include <cstddef>
#include <string>

namespace renkei::file {

struct RecordHeader {
  std::string message_id;
  std::string sender;    // the adapter's unit, e.g. 062022/juki-batch
  std::string receiver;  // TENANT/subscribers for a 通知
  std::string service;
  std::string version;
  std::string purpose;
  std::string case_reference;  // "file <digest> record <n>": what the audit trail shows
};

// The same record of the same file always gets the same MessageId (a UUID made from the file's
// SHA-256 and the record number), so a record sent again after a crash is one the broker and
// every subscriber already know by its id.
std::string recordMessageId(const std::string& file_sha256_hex, size_t record_number);
std::string caseReference(const std::string& file_sha256_hex, size_t record_number);

// SOAP 1.1, Timestamp = now (UTC).
std::string recordEnvelope(const RecordHeader& header, const std::string& body);

}  // namespace renkei::file
