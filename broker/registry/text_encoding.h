#pragma once
// The text encodings registry files arrive in. The registry keeps UTF-8; Excel on Japanese
// Windows saves "CSV" as CP932 (Microsoft's Shift_JIS), so import must tell the two apart and
// export must be able to write CP932 without losing a character on the way.
//
// CP932 goes through glibc's iconv ("CP932"), no new dependency. glibc maps some characters
// one way only (U+301C WAVE DASH and U+FF5E FULLWIDTH TILDE both become 0x8160, which reads
// back as U+FF5E; U+00A5 YEN SIGN becomes 0x5C, a backslash): the encoder therefore checks
// that every character reads back unchanged and reports the first one that does not.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace renkei {

// Where a text stops being what it claims to be: a byte offset (0-based) and its line (1-based).
struct TextPosition {
  size_t offset = 0;
  int line = 1;
};

// The first byte that does not start a well-formed UTF-8 sequence (overlong forms, surrogates
// and code points above U+10FFFF are ill-formed too), or nullopt when all of `text` is UTF-8.
std::optional<TextPosition> findInvalidUtf8(std::string_view text);

struct Cp932Decoded {
  std::string utf8;                   // meaningful when error is nullopt
  std::optional<TextPosition> error;  // the first byte sequence CP932 does not define
};
Cp932Decoded decodeCp932(std::string_view bytes);
// The same through glibc's "EUC-JP" (JIS X 0208 and 0212, half-width kana), for the fixed-width
// batch files of older UNIX systems (adapters/file).
Cp932Decoded decodeEucJp(std::string_view bytes);

// A character the CP932 encoding cannot carry unchanged.
struct Unencodable {
  size_t offset = 0;  // byte offset in the UTF-8 input
  char32_t code_point = 0;
  std::optional<char32_t> becomes;  // set when CP932 has it only as another character
  bool invalid_utf8 = false;        // the input is not UTF-8 from `offset` on
};

// UTF-8 to CP932, or the first character that would be lost
// or changed; `out` is only complete when nullopt is returned.
std::optional<Unencodable> encodeCp932(std::string_view utf8, std::string* out);
// The same for EUC-JP (adapters/file writes fixed-width files in it).
std::optional<Unencodable> encodeEucJp(std::string_view utf8, std::string* out);

// "U+301C".
std::string codePointLabel(char32_t code_point);
// One code point as UTF-8 (for messages).
std::string utf8Of(char32_t code_point);

}  // namespace renkei
