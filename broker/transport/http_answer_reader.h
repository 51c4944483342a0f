#pragma once
// One HTTP/1.x answer read from bytes as they arrive: the status line, the headers the broker
// uses, and the body framed by Content-Length, by chunked transfer coding or by the end of the
// connection. What PlainHttpForwarder needs and no more: interim 1xx answers are skipped,
// trailers are read and dropped, content codings are refused (the broker asks for none).
#include <cstddef>
#include <string>

namespace renkei {

class HttpAnswerReader {
 public:
  enum class State {
    kNeedMore,   // feed more bytes (or call endOfStream)
    kDone,       // the answer is whole
    kMalformed,  // not valid HTTP/1.x, or a body that breaks its own framing
    kTooLarge,   // the body exceeds max_body (announced or counted)
  };

  explicit HttpAnswerReader(std::size_t max_body) : max_body_(max_body) {}

  // Bytes as received. Once the state is no longer kNeedMore, further bytes are not read.
  State feed(const char* data, std::size_t size);
  // The peer closed its side: ends a body framed by the connection, or breaks any other.
  State endOfStream();

  State state() const { return state_; }
  bool anyByteReceived() const { return any_byte_; }
  int status() const { return status_; }                            // 0 until the status line
  const std::string& contentType() const { return content_type_; }  // "" when absent
  std::string& body() { return body_; }
  // Whether the connection can carry another request: HTTP/1.1 without "Connection: close",
  // a body framed by its length or chunks, and no byte beyond the answer.
  bool reusable() const;

 private:
  enum class Phase {
    kHead,
    kLengthBody,
    kChunkSize,
    kChunkData,
    kChunkDataEnd,
    kTrailers,
    kUntilClose,
    kComplete
  };

  bool fail(State state);  // sets the state; false, so that a reader can `return fail(...)`
  // Each consumes what it can of pending_ (from pending_at_) and says whether to go on.
  bool readHead();
  bool applyHead(const std::string& head);
  bool readHeaderLine(const std::string& line);
  bool readLengthBody();
  bool readChunkSize();
  bool readChunkData();
  bool readChunkDataEnd();
  bool readTrailers();
  bool takeLine(std::string& line);  // one line without its CR LF; false when incomplete

  const std::size_t max_body_;
  State state_ = State::kNeedMore;
  Phase phase_ = Phase::kHead;
  std::string pending_;  // received, not yet consumed
  std::size_t pending_at_ = 0;
  bool any_byte_ = false;

  int status_ = 0;
  bool http11_ = false;
  bool connection_close_ = false;
  bool chunked_ = false;
  bool has_length_ = false;
  std::size_t length_ = 0;  // Content-Length, or the current chunk's size
  std::size_t got_ = 0;     // bytes of the length body or the current chunk received
  bool extra_bytes_ = false;
  bool framed_by_close_ = false;
  std::string content_type_;
  std::string body_;
};

}  // namespace renkei
