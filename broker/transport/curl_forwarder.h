#pragma once
// HttpForwarder on libcurl: kept-alive connections reused across messages, strict timeouts,
// capped answers, http/https only, no redirects, no proxy taken from the environment.
#include <cstddef>
#include <map>
#include <string>

#include "broker/transport/curl_handle_pool.h"
#include "broker/transport/http_forwarder.h"

namespace renkei {

struct CurlForwarderOptions {
  long connect_timeout_ms = 2000;
  long total_timeout_ms = 10000;
  std::size_t max_response_bytes = 8 * 1024 * 1024;
  std::size_t max_idle_handles = 64;  // beyond this, released handles close their connections
  // TLS towards units (https endpoints). Empty = system trust store / no client certificate.
  std::string ca_file;
  std::string client_cert_file;  // PEM, for mTLS to units that require it
  std::string client_key_file;   // PEM
  // Origin ("https://10.0.0.5:8443", CurlHandlePool::originOf) -> CURLOPT_PINNEDPUBLICKEY value:
  // the unit's server must present one of these public keys, whatever CA signed it.
  std::map<std::string, std::string> pinned_public_keys;
};

class CurlForwarder : public HttpForwarder {
 public:
  explicit CurlForwarder(CurlForwarderOptions options = {});
  ForwardResult post(const ForwardRequest& request) override;
  std::chrono::milliseconds timeout() const override {
    return std::chrono::milliseconds(options_.total_timeout_ms);
  }
  const CurlForwarderOptions& options() const { return options_; }

 private:
  CurlForwarderOptions options_;
  CurlHandlePool pool_;
};

}  // namespace renkei
