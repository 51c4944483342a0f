#pragma once
// The bytes of one field as UTF-8, character by character, so that 外字 are caught where they
// are: an entry of the 外字 table wins over the standard decoding; a character in a
// user-defined area without an entry is kept as its Private Use code point (CP932 F040 ->
// U+E000, the mapping Windows and glibc share; EUC-JP row 85 -> U+E000 likewise) and reported;
// bytes the encoding does not define are an error. Nothing is ever replaced silently.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/file/gaiji_table.h"
#include "adapters/file/layout.h"

namespace renkei::file {

struct TextNote {
  size_t offset = 0;  // byte offset within the decoded bytes
  std::string what;
  bool error = false;  // false: a warning (外字 kept as a PUA code point)
};

struct DecodedText {
  std::string utf8;
  std::vector<TextNote> notes;
  bool ok() const;
};

DecodedText decodeText(std::string_view bytes, TextEncoding encoding, const GaijiTable& gaiji);

// "F0 40".
std::string hexOf(std::string_view bytes);
bool isPrivateUse(char32_t code_point);

}  // namespace renkei::file
