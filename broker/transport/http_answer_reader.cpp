#include "broker/transport/http_answer_reader.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace renkei {
namespace {

constexpr std::size_t kMaxHeadBytes = 64 * 1024;  // status line and headers together
constexpr std::size_t kMaxLineBytes = 8 * 1024;   // a chunk-size or trailer line

std::string lowered(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string trimmed(const std::string& text) {
  const std::size_t first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  const std::size_t last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

// The comma-separated tokens of a header value, trimmed and lower-cased.
std::vector<std::string> tokensOf(const std::string& value) {
  std::vector<std::string> tokens;
  std::size_t at = 0;
  while (at <= value.size()) {
    const std::size_t comma = std::min(value.find(',', at), value.size());
    std::string token = lowered(trimmed(value.substr(at, comma - at)));
    if (!token.empty()) tokens.push_back(std::move(token));
    at = comma + 1;
  }
  return tokens;
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// "HTTP/1.x SSS[ reason]": sets the status and whether it is HTTP/1.1 or later.
bool parseStatusLine(const std::string& line, int& status, bool& http11) {
  if (line.size() < 12 || line.compare(0, 7, "HTTP/1.") != 0 || !isDigit(line[7]) ||
      line[8] != ' ' || !isDigit(line[9]) || !isDigit(line[10]) || !isDigit(line[11]) ||
      (line.size() > 12 && line[12] != ' ')) {
    return false;
  }
  http11 = line[7] != '0';
  status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
  return status >= 100 && status <= 599;
}

}  // namespace

bool HttpAnswerReader::fail(State state) {
  state_ = state;
  return false;
}

HttpAnswerReader::State HttpAnswerReader::feed(const char* data, std::size_t size) {
  if (state_ != State::kNeedMore) return state_;
  if (size == 0) return state_;
  any_byte_ = true;
  pending_.append(data, size);
  for (;;) {
    bool go_on = false;
    switch (phase_) {
      case Phase::kHead:
        go_on = readHead();
        break;
      case Phase::kLengthBody:
        go_on = readLengthBody();
        break;
      case Phase::kChunkSize:
        go_on = readChunkSize();
        break;
      case Phase::kChunkData:
        go_on = readChunkData();
        break;
      case Phase::kChunkDataEnd:
        go_on = readChunkDataEnd();
        break;
      case Phase::kTrailers:
        go_on = readTrailers();
        break;
      case Phase::kUntilClose:
        if (body_.size() + (pending_.size() - pending_at_) > max_body_) {
          fail(State::kTooLarge);
          break;
        }
        body_.append(pending_, pending_at_, std::string::npos);
        pending_at_ = pending_.size();
        break;
      case Phase::kComplete:
        extra_bytes_ = pending_at_ < pending_.size();
        state_ = State::kDone;
        break;
    }
    if (state_ != State::kNeedMore || !go_on) break;
  }
  if (pending_at_ > 0) {
    pending_.erase(0, pending_at_);
    pending_at_ = 0;
  }
  return state_;
}

HttpAnswerReader::State HttpAnswerReader::endOfStream() {
  if (state_ != State::kNeedMore) return state_;
  if (phase_ == Phase::kUntilClose) {
    phase_ = Phase::kComplete;
    state_ = State::kDone;
    return state_;
  }
  fail(State::kMalformed);
  return state_;
}

bool HttpAnswerReader::reusable() const {
  return state_ == State::kDone && http11_ && !connection_close_ && !extra_bytes_ &&
         !framed_by_close_;
}

bool HttpAnswerReader::takeLine(std::string& line) {
  const std::size_t newline = pending_.find('\n', pending_at_);
  if (newline == std::string::npos) return false;
  std::size_t end = newline;
  if (end > pending_at_ && pending_[end - 1] == '\r') --end;
  line.assign(pending_, pending_at_, end - pending_at_);
  pending_at_ = newline + 1;
  return true;
}

bool HttpAnswerReader::readHead() {
  // Anything that does not begin like a status line is refused at once, not after a timeout.
  const std::size_t have = std::min<std::size_t>(pending_.size() - pending_at_, 5);
  if (pending_.compare(pending_at_, have, "HTTP/", have) != 0) return fail(State::kMalformed);
  // The head ends at the first empty line (CR LF or a bare LF, as lenient clients accept).
  std::size_t line_start = pending_at_;
  for (;;) {
    const std::size_t newline = pending_.find('\n', line_start);
    if (newline == std::string::npos) {
      if (pending_.size() - pending_at_ > kMaxHeadBytes) return fail(State::kMalformed);
      return false;
    }
    const bool empty_line =
        newline == line_start || (newline == line_start + 1 && pending_[line_start] == '\r');
    if (empty_line && line_start > pending_at_) {
      const std::string head = pending_.substr(pending_at_, line_start - pending_at_);
      pending_at_ = newline + 1;
      return applyHead(head);
    }
    line_start = newline + 1;
  }
}

bool HttpAnswerReader::applyHead(const std::string& head) {
  status_ = 0;
  connection_close_ = chunked_ = has_length_ = false;
  length_ = 0;
  content_type_.clear();
  std::size_t at = 0;
  bool first = true;
  while (at < head.size()) {
    std::size_t end = std::min(head.find('\n', at), head.size());
    const std::size_t next = end + 1;
    if (end > at && head[end - 1] == '\r') --end;
    const std::string line = head.substr(at, end - at);
    at = next;
    if (first) {
      if (!parseStatusLine(line, status_, http11_)) return fail(State::kMalformed);
      first = false;
    } else if (!readHeaderLine(line)) {
      return false;
    }
  }
  if (status_ >= 100 && status_ < 200) {
    // An interim answer (100 Continue, 102, 103): the real one follows. 101 would switch
    // protocols, which the broker never asked for.
    if (status_ == 101) return fail(State::kMalformed);
    return true;
  }
  if (status_ == 204 || status_ == 304) {
    phase_ = Phase::kComplete;
  } else if (chunked_) {
    phase_ = Phase::kChunkSize;
  } else if (has_length_) {
    if (length_ > max_body_) return fail(State::kTooLarge);
    body_.reserve(length_);
    phase_ = length_ == 0 ? Phase::kComplete : Phase::kLengthBody;
  } else {
    framed_by_close_ = true;
    phase_ = Phase::kUntilClose;
  }
  return true;
}

bool HttpAnswerReader::readHeaderLine(const std::string& line) {
  const std::size_t colon = line.find(':');
  // No name, a name with white space, or an obsolete folded continuation line.
  if (colon == std::string::npos || colon == 0 || line.find_first_of(" \t") < colon) {
    return fail(State::kMalformed);
  }
  const std::string name = lowered(line.substr(0, colon));
  const std::string value = trimmed(line.substr(colon + 1));
  if (name == "content-length") {
    if (value.empty() || value.size() > 15 || !std::all_of(value.begin(), value.end(), isDigit)) {
      return fail(State::kMalformed);
    }
    const std::size_t length = std::stoull(value);
    if (has_length_ && length != length_) return fail(State::kMalformed);
    has_length_ = true;
    length_ = length;
  } else if (name == "transfer-encoding") {
    for (const std::string& coding : tokensOf(value)) {
      if (coding == "chunked") {
        chunked_ = true;
      } else if (coding != "identity") {
        return fail(State::kMalformed);  // a content coding the broker did not ask for
      }
    }
    // With both framings the chunks win, and the connection is not trusted with another request.
    connection_close_ = connection_close_ || has_length_;
  } else if (name == "connection") {
    for (const std::string& option : tokensOf(value)) {
      if (option == "close") connection_close_ = true;
    }
  } else if (name == "content-type") {
    content_type_ = value;
  }
  if (chunked_ && has_length_) {
    has_length_ = false;
    connection_close_ = true;
  }
  return true;
}

bool HttpAnswerReader::readLengthBody() {
  const std::size_t take = std::min(pending_.size() - pending_at_, length_ - got_);
  body_.append(pending_, pending_at_, take);
  pending_at_ += take;
  got_ += take;
  if (got_ < length_) return false;
  phase_ = Phase::kComplete;
  return true;
}

bool HttpAnswerReader::readChunkSize() {
  std::string line;
  if (!takeLine(line)) {
    if (pending_.size() - pending_at_ > kMaxLineBytes) return fail(State::kMalformed);
    return false;
  }
  std::size_t size = 0;
  std::size_t digits = 0;
  for (char c : line) {
    const int value = std::isxdigit(static_cast<unsigned char>(c))
                          ? (isDigit(c) ? c - '0' : (std::tolower(c) - 'a' + 10))
                          : -1;
    if (value < 0) break;
    if (++digits > 15) return fail(State::kMalformed);
    size = size * 16 + static_cast<std::size_t>(value);
  }
  const std::string rest = trimmed(line.substr(digits));
  if (digits == 0 || (!rest.empty() && rest[0] != ';')) return fail(State::kMalformed);
  if (size == 0) {
    phase_ = Phase::kTrailers;
    return true;
  }
  if (size > max_body_ - body_.size()) return fail(State::kTooLarge);
  length_ = size;
  got_ = 0;
  phase_ = Phase::kChunkData;
  return true;
}

bool HttpAnswerReader::readChunkData() {
  if (!readLengthBody()) return false;
  phase_ = Phase::kChunkDataEnd;
  return true;
}

// The CR LF (or bare LF) that ends a chunk's data, and nothing else.
bool HttpAnswerReader::readChunkDataEnd() {
  const std::size_t have = pending_.size() - pending_at_;
  if (have == 0) return false;
  const char first = pending_[pending_at_];
  if (first == '\n') {
    pending_at_ += 1;
  } else if (first != '\r') {
    return fail(State::kMalformed);
  } else if (have == 1) {
    return false;
  } else if (pending_[pending_at_ + 1] != '\n') {
    return fail(State::kMalformed);
  } else {
    pending_at_ += 2;
  }
  phase_ = Phase::kChunkSize;
  return true;
}

bool HttpAnswerReader::readTrailers() {
  std::string line;
  while (takeLine(line)) {
    if (line.empty()) {
      phase_ = Phase::kComplete;
      return true;
    }
  }
  if (pending_.size() - pending_at_ > kMaxLineBytes) return fail(State::kMalformed);
  return false;
}

}  // namespace renkei
