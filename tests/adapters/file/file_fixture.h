#pragma once
// Fixed-width records for the file adapter's tests: the shipped layouts, text encoded with
// glibc's iconv (what a legacy system's export does), and a valid 住民異動 record to change.
#include <iconv.h>

#include <map>
#include <stdexcept>
#include <string>

#include "adapters/file/layout.h"

namespace renkei::file::testing {

inline std::string layoutPath(const std::string& name) {
  return std::string(RENKEI_SOURCE_DIR) + "/adapters/file/layouts/" + name;
}

inline std::string encodeWith(const char* encoding, const std::string& utf8) {
  if (std::string(encoding) == "UTF-8") return utf8;
  iconv_t cd = iconv_open(encoding, "UTF-8");
  std::string out(utf8.size() * 4 + 4, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size();
  char* dst = out.data();
  size_t out_left = out.size();
  const size_t rc = iconv(cd, &in, &in_left, &dst, &out_left);
  iconv_close(cd);
  if (rc == static_cast<size_t>(-1)) throw std::runtime_error("test text not encodable: " + utf8);
  out.resize(out.size() - out_left);
  return out;
}

// A record of `layout`: each field's bytes as given (already encoded), padded with spaces.
inline std::string recordOf(const Layout& layout, const std::map<std::string, std::string>& raw) {
  std::string record(layout.record_length, ' ');
  for (const auto& [name, bytes] : raw) {
    const FieldSpec* f = layout.field(name);
    if (f == nullptr) throw std::runtime_error("no field " + name);
    if (bytes.size() > f->length) throw std::runtime_error("too long for " + name + ": " + bytes);
    record.replace(f->offset, bytes.size(), bytes);
  }
  return record;
}

// A valid 住民異動 (転居) in UTF-8, field by field, for the juki-ido layout.
inline std::map<std::string, std::string> jukiIdo(const std::string& atena) {
  return {{"AtenaNo", atena},
          {"SetaiNo", "000000000000102"},
          {"IdoJiyu", "C01"},
          {"IdoDate", "5050315"},
          {"TodokedeDate", "20230316"},
          {"Shimei", "直江　健"},
          {"KanaShimei", "ﾅｵｴ ｹﾝ"},
          {"SeinenGappi", "4020120"},
          {"Seibetsu", "1"},
          {"Zokugara", "世帯主"},
          {"JuminShubetsu", "1"},
          {"Todofuken", "山形県"},
          {"Shikuchoson", "米沢市"},
          {"Banchi", "門東町三丁目2番5号"},
          {"Katagaki", "コーポ門東201号室"}};
}

inline std::map<std::string, std::string> encoded(const char* encoding,
                                                  std::map<std::string, std::string> fields) {
  for (auto& [name, text] : fields) text = encodeWith(encoding, text);
  return fields;
}

}  // namespace renkei::file::testing
