#include "broker/core/exchange_archive.h"

namespace renkei::archive {

ArchiveMeta archiveMetaOf(const AuditRecord& record) {
  ArchiveMeta meta;
  meta.time = record.time;
  meta.message_id = record.message_id;
  meta.sender = record.sender;
  meta.receiver = record.receiver;
  meta.service = record.service;
  meta.outcome = record.outcome;
  meta.fault_code = record.fault_code;
  return meta;
}

}  // namespace renkei::archive
