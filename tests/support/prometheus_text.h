#pragma once
// A strict reader of the Prometheus text exposition format 0.0.4, for tests (promtool is not
// installed). It throws std::runtime_error naming the line on anything the format does not
// allow, and checks what a scraper relies on beyond syntax: HELP and TYPE before a family's
// samples and once each, a family's samples together, no series twice, counters not negative,
// histogram buckets ascending and cumulative with le="+Inf" equal to _count and a _sum.
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace renkei::testing {

struct PromSample {
  std::string name;
  std::map<std::string, std::string> labels;
  double value = 0;
};

class PromExposition {
 public:
  std::map<std::string, std::string> types;  // family -> counter|gauge|histogram|...
  std::vector<PromSample> samples;

  // The sample with exactly these labels; throws when there is none.
  double value(const std::string& name,
               const std::map<std::string, std::string>& labels = {}) const {
    for (const PromSample& s : samples) {
      if (s.name == name && s.labels == labels) return s.value;
    }
    throw std::runtime_error("no sample " + name);
  }
  // Sum over samples of `name` whose labels include every pair of `match`.
  double sum(const std::string& name, const std::map<std::string, std::string>& match = {}) const {
    double total = 0;
    for (const PromSample& s : samples) {
      if (s.name != name) continue;
      bool ok = true;
      for (const auto& [k, v] : match) {
        auto it = s.labels.find(k);
        if (it == s.labels.end() || it->second != v) ok = false;
      }
      if (ok) total += s.value;
    }
    return total;
  }
  std::vector<PromSample> all(const std::string& name) const {
    std::vector<PromSample> out;
    for (const PromSample& s : samples)
      if (s.name == name) out.push_back(s);
    return out;
  }
};

namespace prom_detail {

inline bool nameStart(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == ':';
}
inline bool nameChar(char c) { return nameStart(c) || std::isdigit(static_cast<unsigned char>(c)); }

inline bool validMetricName(const std::string& n) {
  if (n.empty() || !nameStart(n[0])) return false;
  for (char c : n)
    if (!nameChar(c)) return false;
  return true;
}
inline bool validLabelName(const std::string& n) {
  if (n.empty() || n[0] == ':' || !nameStart(n[0])) return false;
  for (char c : n)
    if (!nameChar(c) || c == ':') return false;
  return true;
}

inline double parseValue(const std::string& text, const std::string& where) {
  if (text == "+Inf") return INFINITY;
  if (text == "-Inf") return -INFINITY;
  if (text == "NaN") return NAN;
  if (text.empty()) throw std::runtime_error(where + ": empty value");
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size()) throw std::runtime_error(where + ": bad value " + text);
  return v;
}

// The family a sample name belongs to, given the declared types.
inline std::string familyOf(const std::string& name,
                            const std::map<std::string, std::string>& types) {
  if (types.count(name)) return name;
  for (const char* suffix : {"_bucket", "_sum", "_count"}) {
    const std::string s = suffix;
    if (name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0) {
      const std::string base = name.substr(0, name.size() - s.size());
      auto it = types.find(base);
      if (it != types.end() && (it->second == "histogram" || it->second == "summary")) return base;
    }
  }
  return "";
}

}  // namespace prom_detail

inline PromExposition parsePrometheusText(const std::string& text) {
  using namespace prom_detail;
  PromExposition out;
  if (!text.empty() && text.back() != '\n') throw std::runtime_error("text does not end in \\n");
  std::set<std::string> helped, seen_families, closed_families, series;
  std::string current_family;
  std::size_t pos = 0;
  int line_no = 0;
  while (pos < text.size()) {
    const std::size_t nl = text.find('\n', pos);
    const std::string line = text.substr(pos, nl - pos);
    pos = nl + 1;
    const std::string where = "line " + std::to_string(++line_no) + " '" + line + "'";
    if (line.empty()) continue;
    if (line[0] == '#') {
      if (line.rfind("# HELP ", 0) == 0 || line.rfind("# TYPE ", 0) == 0) {
        const bool help = line[2] == 'H';
        const std::string rest = line.substr(7);
        const std::size_t sp = rest.find(' ');
        const std::string name = rest.substr(0, sp);
        if (!validMetricName(name)) throw std::runtime_error(where + ": bad metric name");
        if (help) {
          if (!helped.insert(name).second) throw std::runtime_error(where + ": second HELP");
          const std::string doc = sp == std::string::npos ? "" : rest.substr(sp + 1);
          for (std::size_t i = 0; i < doc.size(); ++i) {
            if (doc[i] == '\\') {
              if (i + 1 >= doc.size() || (doc[i + 1] != '\\' && doc[i + 1] != 'n'))
                throw std::runtime_error(where + ": bad escape in HELP");
              ++i;
            }
          }
        } else {
          if (sp == std::string::npos) throw std::runtime_error(where + ": TYPE without type");
          const std::string type = rest.substr(sp + 1);
          static const std::set<std::string> kTypes = {"counter", "gauge", "histogram", "summary",
                                                       "untyped"};
          if (!kTypes.count(type)) throw std::runtime_error(where + ": unknown type");
          if (out.types.count(name)) throw std::runtime_error(where + ": second TYPE");
          if (seen_families.count(name))
            throw std::runtime_error(where + ": TYPE after the family's samples");
          out.types[name] = type;
        }
      }
      continue;  // other comments are allowed
    }
    // name{labels} value [timestamp]
    std::size_t i = 0;
    while (i < line.size() && line[i] != '{' && line[i] != ' ') ++i;
    PromSample sample;
    sample.name = line.substr(0, i);
    if (!validMetricName(sample.name)) throw std::runtime_error(where + ": bad metric name");
    std::string series_key = sample.name + "{";
    if (i < line.size() && line[i] == '{') {
      ++i;
      while (i < line.size() && line[i] != '}') {
        std::size_t eq = line.find('=', i);
        if (eq == std::string::npos) throw std::runtime_error(where + ": label without =");
        const std::string label = line.substr(i, eq - i);
        if (!validLabelName(label)) throw std::runtime_error(where + ": bad label name " + label);
        i = eq + 1;
        if (i >= line.size() || line[i] != '"') throw std::runtime_error(where + ": unquoted");
        ++i;
        std::string value;
        for (;;) {
          if (i >= line.size()) throw std::runtime_error(where + ": unterminated label value");
          const char c = line[i++];
          if (c == '"') break;
          if (c == '\\') {
            if (i >= line.size()) throw std::runtime_error(where + ": bad escape");
            const char e = line[i++];
            if (e == '\\')
              value += '\\';
            else if (e == '"')
              value += '"';
            else if (e == 'n')
              value += '\n';
            else
              throw std::runtime_error(where + ": bad escape \\" + std::string(1, e));
          } else {
            value += c;
          }
        }
        if (!sample.labels.emplace(label, value).second)
          throw std::runtime_error(where + ": label twice");
        if (i < line.size() && line[i] == ',')
          ++i;
        else if (i >= line.size() || line[i] != '}')
          throw std::runtime_error(where + ": expected , or }");
      }
      if (i >= line.size()) throw std::runtime_error(where + ": no closing }");
      ++i;
    }
    for (const auto& [k, v] : sample.labels) series_key += k + "=" + v + ",";
    if (i >= line.size() || line[i] != ' ') throw std::runtime_error(where + ": no value");
    const std::string rest = line.substr(i + 1);
    const std::size_t sp = rest.find(' ');
    sample.value = parseValue(rest.substr(0, sp), where);
    if (sp != std::string::npos) {
      const std::string ts = rest.substr(sp + 1);
      if (ts.empty() || ts.find_first_not_of("-0123456789") != std::string::npos)
        throw std::runtime_error(where + ": bad timestamp");
    }
    const std::string family = familyOf(sample.name, out.types);
    if (family.empty()) throw std::runtime_error(where + ": sample without a TYPE");
    if (family != current_family) {
      if (closed_families.count(family))
        throw std::runtime_error(where + ": family " + family + " is split");
      if (!current_family.empty()) closed_families.insert(current_family);
      current_family = family;
    }
    seen_families.insert(family);
    if (!series.insert(series_key).second) throw std::runtime_error(where + ": series twice");
    const std::string& type = out.types[family];
    if (type == "counter" && !(sample.value >= 0))
      throw std::runtime_error(where + ": negative counter");
    if (type == "histogram" && sample.name == family)
      throw std::runtime_error(where + ": histogram sample without a suffix");
    out.samples.push_back(std::move(sample));
  }
  // Histograms: per series (labels without le), buckets ascending and cumulative, +Inf = _count.
  for (const auto& [family, type] : out.types) {
    if (type != "histogram") continue;
    std::map<std::map<std::string, std::string>, std::vector<std::pair<double, double>>> buckets;
    std::map<std::map<std::string, std::string>, double> counts;
    std::set<std::map<std::string, std::string>> sums;
    for (const PromSample& s : out.samples) {
      auto labels = s.labels;
      if (s.name == family + "_bucket") {
        auto le = labels.find("le");
        if (le == labels.end()) throw std::runtime_error(family + ": bucket without le");
        const double bound = parseValue(le->second, family + " le");
        labels.erase(le);
        buckets[labels].emplace_back(bound, s.value);
      } else if (s.name == family + "_count") {
        counts[labels] = s.value;
      } else if (s.name == family + "_sum") {
        sums.insert(labels);
      }
    }
    for (const auto& [labels, list] : buckets) {
      for (std::size_t k = 1; k < list.size(); ++k) {
        if (!(list[k].first > list[k - 1].first))
          throw std::runtime_error(family + ": le not ascending");
        if (list[k].second < list[k - 1].second)
          throw std::runtime_error(family + ": buckets not cumulative");
      }
      if (list.empty() || !std::isinf(list.back().first))
        throw std::runtime_error(family + ": no le=\"+Inf\" bucket");
      if (!counts.count(labels) || counts[labels] != list.back().second)
        throw std::runtime_error(family + ": +Inf bucket differs from _count");
      if (!sums.count(labels)) throw std::runtime_error(family + ": no _sum");
    }
  }
  return out;
}

}  // namespace renkei::testing
