#include "broker/archive/archive_line.h"

#include <cstdlib>

#include "broker/audit/flat_json.h"
#include "broker/core/base64.h"
#include "broker/core/json_text.h"
#include "broker/wssec/base64_der.h"

namespace renkei::archive {
namespace {

void field(std::string& out, const char* name, std::string_view value) {
  out += out.size() > 1 ? ",\"" : "\"";
  out += name;
  out += "\":";
  out += jsonString(value);
}

void number(std::string& out, const char* name, uint64_t value) {
  out += ",\"";
  out += name;
  out += "\":";
  out += std::to_string(value);
}

// Reads typed fields from a parsed line; the first problem is kept and every later read is a
// no-op, so a caller reads all fields and checks once.
class Fields {
 public:
  explicit Fields(const FlatJsonObject& object) : object_(object) {}

  std::string text(const char* name) {
    const FlatJsonValue* value = find(name, FlatJsonValue::Kind::kString);
    return value ? value->text : std::string();
  }
  uint64_t count(const char* name) {
    const FlatJsonValue* value = find(name, FlatJsonValue::Kind::kNumber);
    if (!value) return 0;
    const std::string& digits = value->text;
    if (digits.empty() || digits.size() > 19 ||
        digits.find_first_not_of("0123456789") != std::string::npos) {
      problem(std::string("field \"") + name + "\" is not a byte count");
      return 0;
    }
    return std::strtoull(digits.c_str(), nullptr, 10);
  }
  std::string binary(const char* name) {
    const std::string encoded = text(name);
    if (!error_.empty()) return {};
    auto decoded = wssec::decodeBase64(encoded);
    if (!decoded) {
      problem(std::string("field \"") + name + "\" is not base64");
      return {};
    }
    return std::move(*decoded);
  }
  const std::string& error() const { return error_; }

 private:
  const FlatJsonValue* find(const char* name, FlatJsonValue::Kind kind) {
    if (!error_.empty()) return nullptr;
    const auto it = object_.find(name);
    if (it == object_.end() || it->second.kind != kind) {
      problem(std::string("field \"") + name + "\" is missing or of the wrong type");
      return nullptr;
    }
    return &it->second;
  }
  void problem(std::string text) {
    if (error_.empty()) error_ = std::move(text);
  }

  const FlatJsonObject& object_;
  std::string error_;
};

}  // namespace

std::string formatArchiveLine(const SealedRecord& record) {
  const ArchiveMeta& m = record.meta;
  std::string out = "{";
  out += "\"format\":" + std::to_string(m.format);
  field(out, "time", m.time);
  field(out, "message_id", m.message_id);
  field(out, "sender", m.sender);
  field(out, "receiver", m.receiver);
  field(out, "service", m.service);
  field(out, "outcome", m.outcome);
  field(out, "fault_code", m.fault_code);
  field(out, "instance_id", m.instance_id);
  number(out, "request_bytes", m.request_bytes);
  number(out, "response_bytes", m.response_bytes);
  field(out, "key_id", m.key_id);
  field(out, "nonce", base64Encode(record.nonce));
  field(out, "tag", base64Encode(record.tag));
  field(out, "ciphertext", base64Encode(record.ciphertext));
  out += "}\n";
  return out;
}

std::optional<SealedRecord> parseArchiveLine(std::string_view line, std::string& error) {
  auto object = parseFlatJsonObject(line, error);
  if (!object) return std::nullopt;
  Fields in(*object);
  SealedRecord record;
  ArchiveMeta& m = record.meta;
  const uint64_t format = in.count("format");
  if (in.error().empty() && format != kArchiveFormatV1) {
    error = "format " + std::to_string(format) + " is not one this broker reads (1)";
    return std::nullopt;
  }
  m.format = static_cast<int>(format);
  m.time = in.text("time");
  m.message_id = in.text("message_id");
  m.sender = in.text("sender");
  m.receiver = in.text("receiver");
  m.service = in.text("service");
  m.outcome = in.text("outcome");
  m.fault_code = in.text("fault_code");
  m.instance_id = in.text("instance_id");
  m.request_bytes = in.count("request_bytes");
  m.response_bytes = in.count("response_bytes");
  m.key_id = in.text("key_id");
  record.nonce = in.binary("nonce");
  record.tag = in.binary("tag");
  record.ciphertext = in.binary("ciphertext");
  if (!in.error().empty()) {
    error = in.error();
    return std::nullopt;
  }
  return record;
}

}  // namespace renkei::archive
