#include "broker/registry/legal_basis.h"

#include <algorithm>

namespace renkei {
namespace {

constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";

bool asciiSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Strips ASCII whitespace and U+3000, which Japanese forms are full of.
std::string_view trim(std::string_view text) {
  for (bool changed = true; changed && !text.empty();) {
    changed = true;
    if (asciiSpace(text.front())) {
      text.remove_prefix(1);
    } else if (asciiSpace(text.back())) {
      text.remove_suffix(1);
    } else if (text.starts_with(kIdeographicSpace)) {
      text.remove_prefix(kIdeographicSpace.size());
    } else if (text.ends_with(kIdeographicSpace)) {
      text.remove_suffix(kIdeographicSpace.size());
    } else {
      changed = false;
    }
  }
  return text;
}

// Dashes, dots and question marks, ASCII and full-width: what people type to get past a form.
// Always a placeholder, whatever words are configured: no law is called "－－".
bool onlyFillerMarks(std::string_view text) {
  constexpr std::string_view kFillers[] = {"-", ".", "?",  "_",  "*", "/",  "ー", "－", "―",
                                           "—", "–", "？", "・", "…", "＊", "／", "　", " "};
  while (!text.empty()) {
    const auto filler = std::find_if(std::begin(kFillers), std::end(kFillers),
                                     [&](std::string_view f) { return text.starts_with(f); });
    if (filler == std::end(kFillers)) return false;
    text.remove_prefix(filler->size());
  }
  return true;
}

}  // namespace

std::string comparableText(std::string_view text) {
  std::string folded(trim(text));
  for (char& c : folded) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return folded;
}

std::vector<std::string> defaultLegalBasisPlaceholders() {
  return {"未定",   "検討中", "TBD",    "なし",    "-",        "不明", "無し",
          "調整中", "確認中", "未設定", "未記入",  "該当なし", "TBA",  "N/A",
          "NA",     "none",   "null",   "unknown", "todo",     "xxx",  "pending"};
}

std::vector<std::string> parseLegalBasisPlaceholders(std::string_view text) {
  constexpr std::string_view kIdeographicComma = "\xE3\x80\x81";  // 、
  std::vector<std::string> words;
  std::string_view rest = text;
  while (true) {
    const std::size_t comma = rest.find(',');
    const std::size_t touten = rest.find(kIdeographicComma);
    const std::size_t end = std::min(comma, touten);
    const std::string_view word = trim(rest.substr(0, end));
    if (!word.empty()) words.emplace_back(word);
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + (end == comma ? 1 : kIdeographicComma.size()));
  }
  return words;
}

LegalBasisPlaceholders::LegalBasisPlaceholders()
    : LegalBasisPlaceholders(defaultLegalBasisPlaceholders()) {}

LegalBasisPlaceholders::LegalBasisPlaceholders(std::vector<std::string> words)
    : words_(std::move(words)) {
  for (const std::string& word : words_) compared_.push_back(comparableText(word));
}

bool LegalBasisPlaceholders::isPlaceholder(std::string_view legal_basis) const {
  const std::string_view text = trim(legal_basis);
  if (text.empty() || onlyFillerMarks(text)) return true;
  return std::find(compared_.begin(), compared_.end(), comparableText(text)) != compared_.end();
}

}  // namespace renkei
