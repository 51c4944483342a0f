#include "broker/audit/audit_bundle.h"

#include <fstream>
#include <optional>

#include "broker/audit/audited_registry.h"
#include "broker/audit/flat_json.h"
#include "broker/audit/link_content.h"
#include "broker/core/json_text.h"

namespace renkei {

namespace {

constexpr const char* kBundleType = "renkei-audit-bundle";
constexpr int kBundleVersion = 2;
constexpr int kOldestBundleVersion = 1;

// Builds one flat JSON object, fields in the order given.
class Line {
 public:
  explicit Line(const char* type) { text_ = "{\"type\":" + jsonString(type); }
  Line& text(const char* name, const std::string& value) {
    text_ += std::string(",\"") + name + "\":" + jsonString(value);
    return *this;
  }
  Line& number(const char* name, int64_t value) {
    text_ += std::string(",\"") + name + "\":" + std::to_string(value);
    return *this;
  }
  Line& optionalNumber(const char* name, const std::optional<int64_t>& value) {
    text_ += std::string(",\"") + name + "\":" + (value ? std::to_string(*value) : "null");
    return *this;
  }
  // Members already written as JSON ("\"a\":1,\"b\":true"), appended as they are.
  Line& members(const std::string& json) {
    text_ += "," + json;
    return *this;
  }
  std::string done() const { return text_ + "}\n"; }

 private:
  std::string text_;
};

}  // namespace

std::string auditRecordJsonLine(const AuditRecord& r) {
  return Line("record")
      .number("seq", r.seq)
      .number("format", r.format)
      .text("time", r.time)
      .text("message_id", r.message_id)
      .text("sender", r.sender)
      .text("receiver", r.receiver)
      .text("service", r.service)
      .text("purpose", r.purpose)
      .optionalNumber("link_id", r.link_id)
      .text("outcome", r.outcome)
      .text("fault_code", r.fault_code)
      .number("latency_us", r.latency_us)
      .text("request_sha256", r.request_sha256)
      .text("response_sha256", r.response_sha256)
      .text("operator_id", r.operator_id)
      .text("case_reference", r.case_reference)
      .text("peer_address", r.peer_address)
      .text("instance_id", r.instance_id)
      .text("authenticated_unit", r.authenticated_unit)
      .text("prev_hash", r.prev_hash)
      .text("hash", r.hash)
      .done();
}

namespace {

std::string checkpointLine(const AuditCheckpoint& c) {
  return Line("checkpoint")
      .number("id", c.id)
      .number("seq", c.seq)
      .text("head_hash", c.head_hash)
      .text("time", c.time)
      .text("instance_id", c.instance_id)
      .text("key_id", c.key_id)
      .text("signature", c.signature)
      .text("tsa_token", c.tsa_token)
      .done();
}

// The link's content (link_content.h) after its type and id.
std::string linkLine(const Link& link) {
  const std::string content = linkContentText(link);  // "{...}"
  return Line("link").number("id", link.id).members(content.substr(1, content.size() - 2)).done();
}

std::string historyLine(const LinkChange& row) {
  return Line("history")
      .number("seq", row.seq)
      .number("link_id", row.link_id)
      .text("at", row.at)
      .text("actor", row.actor)
      .text("action", row.action)
      .text("from_status", row.from_status)
      .text("to_status", row.to_status)
      .text("reason", row.reason)
      .text("field", row.field)
      .text("before", row.before)
      .text("after", row.after)
      .done();
}

bool wholeInteger(const std::string& text) {
  size_t i = !text.empty() && text[0] == '-' ? 1 : 0;
  if (i == text.size() || text.size() > 19) return false;
  for (; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  return true;
}

// Reads fields by their expected JSON type and keeps the first mismatch, like the stores'
// strict column readers: 7.5 or "1631 (edited)" where an integer belongs is an edit.
class FieldReader {
 public:
  explicit FieldReader(const FlatJsonObject& object) : object_(object) {}

  std::string text(const char* name) {
    const FlatJsonValue* v = find(name);
    if (v == nullptr) return {};
    if (v->kind != FlatJsonValue::Kind::kString)
      note(name, "holds " + v->text + " where text belongs");
    return v->text;
  }
  std::optional<int64_t> optionalInteger(const char* name, bool null_ok) {
    const FlatJsonValue* v = find(name);
    if (v == nullptr) return std::nullopt;
    if (v->kind == FlatJsonValue::Kind::kNull && null_ok) return std::nullopt;
    if (v->kind != FlatJsonValue::Kind::kNumber || !wholeInteger(v->text)) {
      const std::string shown =
          v->kind == FlatJsonValue::Kind::kString ? "'" + v->text + "'" : v->text;
      note(name, "holds " + shown.substr(0, 40) + " where an integer belongs");
      return std::nullopt;
    }
    return std::stoll(v->text);
  }
  int64_t integer(const char* name) { return optionalInteger(name, false).value_or(0); }
  const std::string& problem() const { return problem_; }

 private:
  const FlatJsonValue* find(const char* name) {
    const auto it = object_.find(name);
    if (it == object_.end()) {
      note(name, "is missing");
      return nullptr;
    }
    return &it->second;
  }
  void note(const char* name, const std::string& what) {
    if (problem_.empty()) problem_ = std::string("field ") + name + " " + what;
  }
  const FlatJsonObject& object_;
  std::string problem_;
};

AuditRecord recordFrom(const FlatJsonObject& o) {
  FieldReader in(o);
  AuditRecord r;
  r.seq = in.integer("seq");
  r.format = static_cast<int>(in.integer("format"));
  r.time = in.text("time");
  r.message_id = in.text("message_id");
  r.sender = in.text("sender");
  r.receiver = in.text("receiver");
  r.service = in.text("service");
  r.purpose = in.text("purpose");
  r.link_id = in.optionalInteger("link_id", true);
  r.outcome = in.text("outcome");
  r.fault_code = in.text("fault_code");
  r.latency_us = in.integer("latency_us");
  r.request_sha256 = in.text("request_sha256");
  r.response_sha256 = in.text("response_sha256");
  r.operator_id = in.text("operator_id");
  r.case_reference = in.text("case_reference");
  r.peer_address = in.text("peer_address");
  r.instance_id = in.text("instance_id");
  r.authenticated_unit = in.text("authenticated_unit");
  r.prev_hash = in.text("prev_hash");
  r.hash = in.text("hash");
  r.read_problem = in.problem();
  return r;
}

AuditCheckpoint checkpointFrom(const FlatJsonObject& o) {
  FieldReader in(o);
  AuditCheckpoint c;
  c.id = in.integer("id");
  c.seq = in.integer("seq");
  c.head_hash = in.text("head_hash");
  c.time = in.text("time");
  c.instance_id = in.text("instance_id");
  c.key_id = in.text("key_id");
  c.signature = in.text("signature");
  c.tsa_token = in.text("tsa_token");
  c.read_problem = in.problem();
  return c;
}

// A history row read from its line, or nullopt with `problem` naming the bad field.
std::optional<LinkChange> historyFrom(const FlatJsonObject& o, std::string& problem) {
  FieldReader in(o);
  LinkChange row;
  row.seq = in.integer("seq");
  row.link_id = in.integer("link_id");
  row.at = in.text("at");
  row.actor = in.text("actor");
  row.action = in.text("action");
  row.from_status = in.text("from_status");
  row.to_status = in.text("to_status");
  row.reason = in.text("reason");
  row.field = in.text("field");
  row.before = in.text("before");
  row.after = in.text("after");
  problem = in.problem();
  if (!problem.empty()) return std::nullopt;
  return row;
}

// Calls `line` with each parsed object and its line number; throws on a line that is not one.
template <typename Visit>
void readLines(const std::string& path, Visit&& visit) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw AuditBundleError(path + ": cannot read the bundle");
  std::string text;
  int64_t number = 0;
  while (std::getline(in, text)) {
    ++number;
    if (text.empty()) continue;
    std::string error;
    auto object = parseFlatJsonObject(text, error);
    if (!object) {
      throw AuditBundleError(path + ":" + std::to_string(number) + ": not a bundle line (" + error +
                             ")");
    }
    const auto type = object->find("type");
    if (type == object->end() || type->second.kind != FlatJsonValue::Kind::kString) {
      throw AuditBundleError(path + ":" + std::to_string(number) + ": line has no \"type\"");
    }
    if (!visit(type->second.text, *object, number)) return;
  }
}

}  // namespace

AuditBundleCounts writeAuditBundle(std::ostream& out, AuditedRegistry& store,
                                   const std::string& source, const std::string& exported_at,
                                   const std::string& public_pem) {
  AuditBundleCounts counts;
  out << Line(kBundleType)
             .number("version", kBundleVersion)
             .text("exported", exported_at)
             .text("source", source)
             .done();
  if (!public_pem.empty()) out << Line("public_key").text("pem", public_pem).done();
  store.forEachAudit([&](const AuditRecord& r) {
    out << auditRecordJsonLine(r);
    ++counts.records;
    return true;
  });
  for (const auto& c : store.auditCheckpoints()) {
    out << checkpointLine(c);
    ++counts.checkpoints;
  }
  // The registry after the trail: read later than the records, so every change the trail
  // holds is already in it (a change made meanwhile adds a row whose record the bundle lacks,
  // reported as such; export from a quiet registry).
  for (const Link& link : store.loadRegistry().links) {
    out << linkLine(link);
    ++counts.links;
    for (const LinkChange& row : store.linkHistory(link.id)) {
      out << historyLine(row);
      ++counts.history_rows;
    }
  }
  return counts;
}

AuditBundle AuditBundle::open(const std::string& path) {
  AuditBundle bundle;
  bundle.path_ = path;
  bool header = false;
  readLines(path, [&](const std::string& type, const FlatJsonObject& o, int64_t number) {
    if (!header) {
      FieldReader in(o);
      const int64_t version = in.integer("version");
      if (type != kBundleType || version < kOldestBundleVersion || version > kBundleVersion) {
        throw AuditBundleError(
            path + ":" + std::to_string(number) + ": not a renkei audit bundle (versions " +
            std::to_string(kOldestBundleVersion) + " to " + std::to_string(kBundleVersion) + ")");
      }
      bundle.has_registry_ = version >= 2;
      bundle.source_ = in.text("source");
      header = true;
    } else if (type == "public_key") {
      bundle.public_pem_ = FieldReader(o).text("pem");
    } else if (type == "checkpoint") {
      bundle.checkpoints_.push_back(checkpointFrom(o));
    } else if (type == "link") {
      std::string error;
      auto link = linkFromContentObject(o, error);
      FieldReader in(o);
      const int64_t id = in.integer("id");
      if (!link || !in.problem().empty()) {
        throw AuditBundleError(path + ":" + std::to_string(number) + ": not a link line (" +
                               (link ? in.problem() : error) + ")");
      }
      link->id = id;
      bundle.links_.push_back(std::move(*link));
    } else if (type == "history") {
      std::string problem;
      auto row = historyFrom(o, problem);
      if (!row) {
        throw AuditBundleError(path + ":" + std::to_string(number) + ": not a history line (" +
                               problem + ")");
      }
      bundle.history_[row->link_id].push_back(std::move(*row));
    } else if (type != "record") {
      throw AuditBundleError(path + ":" + std::to_string(number) + ": unknown line type '" + type +
                             "'");
    }
    return true;
  });
  if (!header) throw AuditBundleError(path + ": empty file, not an audit bundle");
  return bundle;
}

std::vector<LinkChange> AuditBundle::historyOf(int64_t link_id) const {
  const auto it = history_.find(link_id);
  return it == history_.end() ? std::vector<LinkChange>{} : it->second;
}

AuditRecordWalk AuditBundle::records() const {
  return [path = path_](const std::function<bool(const AuditRecord&)>& visit) {
    readLines(path, [&](const std::string& type, const FlatJsonObject& o, int64_t) {
      return type != "record" || visit(recordFrom(o));
    });
  };
}

}  // namespace renkei
