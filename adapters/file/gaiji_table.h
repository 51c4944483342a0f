#pragma once
// A municipality's 外字 table: which vendor bytes stand for which Unicode character. Legacy
// systems put their own characters in CP932's user-defined area (F040-F9FC), in EUC-JP's rows
// 85-94, or over IBM/NEC extension codes; the table says what each one is (a JIS X 0213 or
// 文字情報基盤 MJ character where known), and it is consulted before the standard decoding.
//
// The file is UTF-8 text, one entry a line, '#' starts a comment:
//   CP932   F040  U+20BB7  文字情報基盤   # 𠮷 (つちよし)
//   EUC-JP  F5A1  U+9AD9   JIS X 0213
// encoding, the bytes in hex, the code point, and an optional note on where the mapping comes
// from (kept for reports).
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "adapters/file/layout.h"

namespace renkei::file {

class GaijiTableError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct GaijiEntry {
  char32_t code_point = 0;
  std::string source;
  int line = 0;
};

class GaijiTable {
 public:
  // Throws GaijiTableError naming the file and the line.
  static GaijiTable parse(std::string_view text, const std::string& path);
  static GaijiTable read(const std::string& path);

  const GaijiEntry* find(TextEncoding encoding, std::string_view bytes) const;
  // The bytes an entry gives `code_point` in `encoding`, for writing files back.
  std::optional<std::string> bytesFor(TextEncoding encoding, char32_t code_point) const;
  size_t size() const { return by_bytes_.size(); }

 private:
  std::map<std::pair<TextEncoding, std::string>, GaijiEntry> by_bytes_;
  std::map<std::pair<TextEncoding, char32_t>, std::string> by_code_point_;
};

}  // namespace renkei::file
