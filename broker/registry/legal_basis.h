#pragma once
// Whether a link's legal basis (根拠法令) has really been filled in. Forms and spreadsheets are
// full of stand-ins ("未定", "TBD", "-") typed to get past a required field; a link carrying one
// must not be approved or activated (link_governance.h), and reports list it as missing.
#include <string>
#include <string_view>
#include <vector>

namespace renkei {

// `text` as registry words are compared: ASCII whitespace and the ideographic space U+3000
// trimmed from both ends, ASCII letters folded to lower case ("  TBD　" -> "tbd").
std::string comparableText(std::string_view text);

// The placeholder words used when the configuration names none (<links legalBasisPlaceholders>).
std::vector<std::string> defaultLegalBasisPlaceholders();

// Splits a configured list ("未定,検討中,TBD") at ',' and '、', each word trimmed; empty words
// are dropped.
std::vector<std::string> parseLegalBasisPlaceholders(std::string_view text);

class LegalBasisPlaceholders {
 public:
  LegalBasisPlaceholders();  // the default words
  explicit LegalBasisPlaceholders(std::vector<std::string> words);

  // True for a legal basis that is empty, only dashes, dots or question marks (ASCII or
  // full-width), or one of the words. Compared after trimming ASCII whitespace and the
  // ideographic space U+3000, with ASCII letters folded to lower case.
  bool isPlaceholder(std::string_view legal_basis) const;
  const std::vector<std::string>& words() const { return words_; }

 private:
  std::vector<std::string> words_;     // as configured, for messages
  std::vector<std::string> compared_;  // trimmed and folded, for isPlaceholder
};

}  // namespace renkei
