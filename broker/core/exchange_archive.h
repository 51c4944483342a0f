#pragma once
// Where the pipeline hands each exchange's bodies when the deployment keeps contents
// (<archive>). Best-effort by design: the audit trail is the evidence that an exchange
// happened and what its bodies' digests were; the archive keeps the bodies themselves. So
// keep() never throws and never changes the caller's answer; an implementation that cannot
// write says so loudly in its own log and counts what it lost.
#include <string_view>

#include "broker/core/archive_meta.h"
#include "broker/core/audit_record.h"

namespace renkei::archive {

class ExchangeArchive {
 public:
  virtual ~ExchangeArchive() = default;
  // `meta`: the exchange's identifiers (archiveMetaOf); sizes, key id and instance are the
  // archive's to fill in. `response`: the body the caller was answered with, fault or not.
  virtual void keep(ArchiveMeta meta, std::string_view request,
                    std::string_view response) noexcept = 0;
};

// The identifiers of an exchange, taken from its audit record so the two can be matched by
// time and message id. The archive's copy of outcome and fault code is what the caller saw.
ArchiveMeta archiveMetaOf(const AuditRecord& record);

}  // namespace renkei::archive
