#include "adapters/file/record_encoder.h"

#include "adapters/file/wareki.h"
#include "broker/registry/text_encoding.h"

namespace renkei::file {
namespace {

// One UTF-8 character at text[i] and its code point.
char32_t characterAt(const std::string& text, size_t i, size_t* length) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(text[i + k]); };
  if (b(0) < 0x80) return *length = 1, b(0);
  if (b(0) < 0xE0) return *length = 2, ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
  if (b(0) < 0xF0) return *length = 3, ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
  *length = 4;
  return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
}

// UTF-8 as the field's encoding, 外字 through the table; false with *why at the first
// character that cannot be written.
bool encodeText(const std::string& utf8, TextEncoding encoding, const GaijiTable& gaiji,
                std::string* out, std::string* why) {
  if (findInvalidUtf8(utf8)) return *why = "the value is not UTF-8", false;
  out->clear();
  std::string one;
  for (size_t i = 0; i < utf8.size();) {
    size_t length = 1;
    const char32_t cp = characterAt(utf8, i, &length);
    const std::string character = utf8.substr(i, length);
    i += length;
    if (const auto bytes = gaiji.bytesFor(encoding, cp)) {
      *out += *bytes;
      continue;
    }
    if (encoding == TextEncoding::kUtf8) {
      *out += character;
      continue;
    }
    const auto lost = encoding == TextEncoding::kCp932 ? encodeCp932(character, &one)
                                                       : encodeEucJp(character, &one);
    if (lost) {
      *why = character + " (" + codePointLabel(cp) + ") cannot be written in " +
             std::string(encodingName(encoding)) +
             (lost->becomes ? " (it would read back as " + codePointLabel(*lost->becomes) + ")"
                            : std::string()) +
             " and the 外字 table has no entry for it";
      return false;
    }
    *out += one;
  }
  return true;
}

// The value as the field's type writes it (a date in its 和暦 or 西暦 form).
bool typedText(const FieldSpec& f, const std::string& value, std::string* text, std::string* why) {
  if (f.type != FieldType::kDateWareki && f.type != FieldType::kDateSeireki) {
    *text = value;
    return true;
  }
  const auto date = parseSeireki(value, why);
  if (!date) return false;
  if (f.type == FieldType::kDateSeireki) {
    *text = isoText(*date).substr(0, 4) + isoText(*date).substr(5, 2) + isoText(*date).substr(8);
    return true;
  }
  const auto wareki = f.date_format == DateFormat::kWritten ? formatWarekiText(*date, why)
                                                            : formatWarekiCode(*date, why);
  if (!wareki) return false;
  *text = *wareki;
  return true;
}

}  // namespace

EncodedRecord encodeRecord(const Layout& layout, const std::vector<std::string>& values,
                           const GaijiTable& gaiji) {
  EncodedRecord out;
  std::string record(layout.record_length, ' ');
  for (size_t i = 0; i < layout.fields.size(); ++i) {
    const FieldSpec& f = layout.fields[i];
    if (f.type == FieldType::kFiller || i >= values.size() || values[i].empty()) continue;
    std::string text, bytes, why;
    if (!typedText(f, values[i], &text, &why) ||
        !encodeText(text, f.encoding, gaiji, &bytes, &why)) {
      out.errors.emplace_back(f.name, why);
      continue;
    }
    if (bytes.size() > f.length) {
      out.errors.emplace_back(f.name, "'" + text + "' needs " + std::to_string(bytes.size()) +
                                          " bytes, the field has " + std::to_string(f.length));
      continue;
    }
    std::string padded;
    const size_t room = f.length - bytes.size();
    if (f.padding == Padding::kZero ||
        (f.type == FieldType::kNumeric && f.padding == Padding::kSpace)) {
      padded = std::string(room, f.padding == Padding::kZero ? '0' : ' ') + bytes;
    } else if (f.padding == Padding::kZenkakuSpace && f.encoding != TextEncoding::kUtf8) {
      std::string wide;
      encodeText("\u3000", f.encoding, gaiji, &wide, &why);
      padded = bytes;
      while (f.length - padded.size() >= wide.size()) padded += wide;
      padded.append(f.length - padded.size(), ' ');
    } else {
      padded = bytes + std::string(room, ' ');
    }
    record.replace(f.offset, f.length, padded);
  }
  if (out.ok()) out.bytes = std::move(record);
  return out;
}

}  // namespace renkei::file
