#include "adapters/file/record_decoder.h"

#include <algorithm>

#include "adapters/file/kana_width.h"
#include "adapters/file/text_decoder.h"
#include "adapters/file/wareki.h"
#include "broker/registry/text_encoding.h"

namespace renkei::file {
namespace {

constexpr std::string_view kZenkakuSpace = "\xE3\x80\x80";

std::string trimmed(std::string text, const FieldSpec& f) {
  if (f.padding == Padding::kNone) return text;
  const bool text_type =
      f.type == FieldType::kKanji || f.type == FieldType::kKana ||
      (f.type == FieldType::kDateWareki && f.date_format == DateFormat::kWritten);
  for (bool more = true; more;) {
    more = false;
    if (!text.empty() && text.back() == ' ') {
      text.pop_back();
      more = true;
    } else if (text.size() >= 3 &&
               std::string_view(text).substr(text.size() - 3) == kZenkakuSpace) {
      text.resize(text.size() - 3);
      more = true;
    }
  }
  if (!text_type) {  // numbers and codes may be right-aligned with spaces
    text.erase(0, text.find_first_not_of(' ') == std::string::npos ? text.size()
                                                                   : text.find_first_not_of(' '));
  }
  return text;
}

// A legacy file writes "no date" as zeros.
bool isZeroDate(const std::string& text) {
  return !text.empty() && text.find_first_not_of('0') == std::string::npos;
}

// The value the message carries, or an error reason (returned through *why).
std::string typed(const FieldSpec& f, const std::string& text, std::string* why) {
  switch (f.type) {
    case FieldType::kNumeric:
      if (text.find_first_not_of("0123456789") != std::string::npos) {
        *why = "'" + text + "' is not a number (ASCII digits only)";
      }
      return text;
    case FieldType::kKana: {
      std::string kana = toFullWidthKana(text);
      char32_t found = 0;
      if (const size_t at = firstNonKatakana(kana, &found); at != std::string::npos) {
        *why = "'" + kana + "' holds " + utf8Of(found) + " (" + codePointLabel(found) +
               "), which is not katakana";
      }
      return kana;
    }
    case FieldType::kDateWareki: {
      const auto date = f.date_format == DateFormat::kWritten ? parseWarekiText(text, why)
                                                              : parseWarekiCode(text, why);
      return date ? isoText(*date) : std::string();
    }
    case FieldType::kDateSeireki: {
      const auto date = parseSeireki(text, why);
      return date ? isoText(*date) : std::string();
    }
    case FieldType::kCode:
      if (std::find(f.codes.begin(), f.codes.end(), text) == f.codes.end()) {
        std::string allowed;
        for (const std::string& c : f.codes) allowed += (allowed.empty() ? "" : ", ") + c;
        *why = "'" + text + "' is not one of the codes " + allowed;
      }
      return text;
    default:
      return text;
  }
}

}  // namespace

bool DecodedRecord::ok() const { return firstError() == nullptr; }

const RecordIssue* DecodedRecord::firstError() const {
  for (const RecordIssue& issue : issues) {
    if (issue.error) return &issue;
  }
  return nullptr;
}

DecodedRecord decodeRecord(std::string_view record, size_t file_offset, const Layout& layout,
                           const GaijiTable& gaiji) {
  DecodedRecord out;
  out.values.resize(layout.fields.size());
  out.present.resize(layout.fields.size(), false);
  if (record.size() != layout.record_length) {
    out.issues.push_back({"-", file_offset,
                          "the record has " + std::to_string(record.size()) +
                              " bytes, the layout " + layout.name + " wants " +
                              std::to_string(layout.record_length)});
    return out;
  }
  for (size_t i = 0; i < layout.fields.size(); ++i) {
    const FieldSpec& f = layout.fields[i];
    if (f.type == FieldType::kFiller) continue;
    const size_t at = file_offset + f.offset;
    const DecodedText text = decodeText(record.substr(f.offset, f.length), f.encoding, gaiji);
    for (const TextNote& note : text.notes) {
      out.issues.push_back({f.name, at + note.offset, note.what, note.error});
    }
    if (!text.ok()) continue;
    const std::string value = trimmed(text.utf8, f);
    const bool date = f.type == FieldType::kDateWareki || f.type == FieldType::kDateSeireki;
    if (value.empty() || (date && isZeroDate(value))) {
      if (f.required) out.issues.push_back({f.name, at, "is blank, and the field is required"});
      continue;
    }
    std::string why;
    out.values[i] = typed(f, value, &why);
    if (!why.empty()) {
      out.issues.push_back({f.name, at, why});
      continue;
    }
    out.present[i] = true;
  }
  return out;
}

}  // namespace renkei::file
