#include "broker/registry/link_snapshot.h"
#include "broker/core/utc_timestamp.h"

#include <charconv>
#include <ctime>

#include "broker/registry/csv.h"
#include "broker/registry/link_csv.h"

namespace renkei {
namespace {

constexpr std::string_view kFormat = "renkei-link-snapshot-v1";

// Reads "name: value\n" at `at`, advancing it.
bool readLine(std::string_view text, std::size_t& at, std::string_view name,
              std::string_view* out) {
  const std::size_t end = text.find('\n', at);
  if (end == std::string_view::npos) return false;
  std::string_view line = text.substr(at, end - at);
  if (line.size() < name.size() + 2 || line.substr(0, name.size()) != name ||
      line.substr(name.size(), 2) != ": ") {
    return false;
  }
  *out = line.substr(name.size() + 2);
  at = end + 1;
  return true;
}

bool readNumber(std::string_view text, std::size_t& at, std::string_view name, int64_t* out) {
  std::string_view value;
  if (!readLine(text, at, name, &value) || value.empty()) return false;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), *out);
  return ec == std::errc() && end == value.data() + value.size() && *out >= 0;
}

bool linkFromFields(const std::vector<std::string>& f, Link& link, std::string* error) {
  if (f.size() != linkCsvHeader().size()) {
    *error = "a link has " + std::to_string(f.size()) + " fields, not " +
             std::to_string(linkCsvHeader().size());
    return false;
  }
  const auto [end, ec] = std::from_chars(f[0].data(), f[0].data() + f[0].size(), link.id);
  if (ec != std::errc() || end != f[0].data() + f[0].size()) {
    *error = "a link id is not a number: " + f[0];
    return false;
  }
  if (!parseLinkStatus(f[1], &link.status)) {
    *error = "link " + f[0] + " has an unknown status: " + f[1];
    return false;
  }
  link.sender = f[2];
  link.receiver = f[3];
  link.service_name = f[4];
  link.service_version = f[5];
  link.purpose_code = f[6];
  link.purpose_name = f[7];
  link.legal_basis = f[8];
  link.valid_from = f[9];
  link.valid_to = f[10];
  link.cross_tenant = f[11] == "true";
  link.data_items = f[12];
  link.department = f[13];
  link.vendor = f[14];
  link.approver = f[15];
  link.review_date = f[16];
  link.note = f[17];
  return true;
}

}  // namespace

std::string linkSnapshotPayload(const LinkSnapshot& s) {
  std::string out(kFormat);
  out += "\nprimary: " + s.primary;
  out += "\nversion: " + std::to_string(s.version);
  out += "\nissued-at-ms: " + std::to_string(s.issued_at_ms);
  out += "\nexpires-at-ms: " + std::to_string(s.expires_at_ms);
  out += "\nlinks: " + std::to_string(s.links.size()) + "\n";
  out += writeLinkCsv(s.links);
  return out;
}

std::optional<LinkSnapshot> parseLinkSnapshotPayload(std::string_view payload, std::string* error) {
  LinkSnapshot s;
  std::size_t at = kFormat.size() + 1;
  std::string_view primary;
  int64_t count = 0;
  if (payload.substr(0, kFormat.size()) != kFormat || payload.size() <= kFormat.size() ||
      payload[kFormat.size()] != '\n') {
    *error = "not a registry snapshot (expected " + std::string(kFormat) + ")";
    return std::nullopt;
  }
  if (!readLine(payload, at, "primary", &primary) || primary.empty() ||
      !readNumber(payload, at, "version", &s.version) ||
      !readNumber(payload, at, "issued-at-ms", &s.issued_at_ms) ||
      !readNumber(payload, at, "expires-at-ms", &s.expires_at_ms) ||
      !readNumber(payload, at, "links", &count)) {
    *error = "the snapshot's header lines are malformed";
    return std::nullopt;
  }
  s.primary = std::string(primary);
  CsvParse csv = parseCsv(payload.substr(at));
  if (!csv.error.empty()) {
    *error = "the snapshot's links are not valid CSV: " + csv.error;
    return std::nullopt;
  }
  if (csv.records.empty() || csv.records.front().fields != linkCsvHeader()) {
    *error = "the snapshot's links lack the link CSV header";
    return std::nullopt;
  }
  if (static_cast<int64_t>(csv.records.size()) - 1 != count) {
    *error = "the snapshot says " + std::to_string(count) + " links but holds " +
             std::to_string(csv.records.size() - 1);
    return std::nullopt;
  }
  for (std::size_t r = 1; r < csv.records.size(); ++r) {
    Link link;
    if (!linkFromFields(csv.records[r].fields, link, error)) return std::nullopt;
    s.links.push_back(std::move(link));
  }
  return s;
}

bool sameLinks(const std::vector<Link>& a, const std::vector<Link>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (linkCsvFields(a[i]) != linkCsvFields(b[i])) return false;
  }
  return true;
}

std::string utcText(int64_t unix_ms) {
  return utcTimestamp(static_cast<std::time_t>(unix_ms / 1000));
}

}  // namespace renkei
