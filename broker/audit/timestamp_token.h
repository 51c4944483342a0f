#pragma once
// RFC 3161 timestamps on audit checkpoints: a trusted third party (a TSA) countersigns the
// checkpoint's payload with its own time, so even the holder of the checkpoint key cannot
// back-date or re-sign a trail later without the TSA's records disagreeing.
#include <chrono>
#include <stdexcept>
#include <string>
#include <string_view>

namespace renkei {

class TimestampError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Asks the TSA at `url` (HTTP POST, application/timestamp-query) for a timestamp over SHA-256 of
// `payload`, with a fresh nonce. Checks that the answer is granted and covers that digest and
// nonce, and returns the whole TimeStampResp, DER, base64-encoded.
std::string requestTimestamp(const std::string& url, std::string_view payload,
                             std::chrono::milliseconds timeout);

struct TimestampCheck {
  bool ok = false;
  std::string time;   // the TSA's genTime, e.g. "Apr  1 09:30:00 2026 GMT"
  std::string error;  // why not, when !ok
};

// Checks that a base64 TimeStampResp covers `payload`. With `ca_file` (PEM, the TSA's CA), also
// that the TSA's signature verifies up to it; without, the signature is not checked.
TimestampCheck checkTimestamp(const std::string& token_base64, std::string_view payload,
                              const std::string& ca_file);

}  // namespace renkei
