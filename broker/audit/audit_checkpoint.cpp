#include "broker/audit/audit_checkpoint.h"

namespace renkei {

namespace {

constexpr std::string_view kCheckpointFormat = "renkei-checkpoint-v1";

void appendField(std::string& out, std::string_view value) {
  out.append(std::to_string(value.size()));
  out.push_back(':');
  out.append(value);
  out.push_back(';');
}

}  // namespace

std::string checkpointPayload(const AuditCheckpoint& c) {
  std::string payload;
  appendField(payload, kCheckpointFormat);
  appendField(payload, std::to_string(c.seq));
  appendField(payload, c.head_hash);
  appendField(payload, c.time);
  appendField(payload, c.instance_id);
  appendField(payload, c.key_id);
  return payload;
}

}  // namespace renkei
