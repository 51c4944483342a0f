#pragma once
// A local RFC 3161 timestamp authority for tests: a CA, a TSA certificate for timeStamping under
// it, and `openssl ts -reply` answering HTTP on loopback. Shared by the audit trail's timestamp
// tests and the My Number gateway's, whose checkpoints carry the same tokens.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <string>

#include "tests/unit/support/test_http_server.h"

namespace renkei::test_support {

inline std::string tsaSlurp(const std::string& path) {
  std::stringstream text;
  text << std::ifstream(path, std::ios::binary).rdbuf();
  return text.str();
}

inline void tsaSh(const std::string& command) {
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
}

// Made in `dir` (created), served until destroyed.
class LocalTsa {
 public:
  explicit LocalTsa(std::string dir) : dir_(std::move(dir)) {
    std::filesystem::create_directories(dir_);
    const std::string d = dir_ + "/";
    tsaSh("cd " + d +
          " && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
          "-keyout ca.key -out ca.crt -subj '/CN=Renkei Test TSA CA' -days 2 "
          "-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign "
          "2>/dev/null");
    std::ofstream(d + "ext.cnf") << "extendedKeyUsage=critical,timeStamping\n"
                                    "basicConstraints=CA:FALSE\n"
                                    "keyUsage=critical,digitalSignature\n";
    tsaSh("cd " + d +
          " && openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
          "-keyout tsa.key -out tsa.csr -subj '/CN=Renkei Test TSA' 2>/dev/null && "
          "openssl x509 -req -in tsa.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out tsa.crt "
          "-days 2 -extfile ext.cnf 2>/dev/null");
    std::ofstream(d + "serial") << "01\n";
    std::ofstream(d + "ts.cnf") << "[ tsa ]\ndefault_tsa = tsa1\n[ tsa1 ]\n"
                                   "serial = "
                                << d
                                << "serial\n"
                                   "signer_cert = "
                                << d
                                << "tsa.crt\n"
                                   "signer_key = "
                                << d
                                << "tsa.key\n"
                                   "certs = "
                                << d
                                << "ca.crt\n"
                                   "signer_digest = sha256\n"
                                   "default_policy = 1.2.3.4.1\n"
                                   "digests = sha256, sha384, sha512\n"
                                   "accuracy = secs:1\n"
                                   "ess_cert_id_alg = sha256\n";
    server_.setResponder([this](const TestHttpRequest& request) { return answer(request); });
  }

  std::string url() const { return server_.url("/tsa"); }
  std::string caFile() const { return dir_ + "/ca.crt"; }
  int requests() const { return server_.requestCount(); }

 private:
  TestHttpAnswer answer(const TestHttpRequest& request) {
    std::lock_guard lock(mutex_);
    const std::string query = dir_ + "/q.tsq";
    const std::string reply = dir_ + "/r.tsr";
    std::ofstream(query, std::ios::binary | std::ios::trunc) << request.body;
    TestHttpAnswer a;
    if (request.header("content-type") != "application/timestamp-query" ||
        std::system(("openssl ts -reply -config " + dir_ + "/ts.cnf -queryfile " + query +
                     " -out " + reply + " 2>/dev/null")
                        .c_str()) != 0) {
      a.status = 400;
      return a;
    }
    a.content_type = "application/timestamp-reply";
    a.body = tsaSlurp(reply);
    return a;
  }

  std::string dir_;
  std::mutex mutex_;
  TestHttpServer server_;
};

}  // namespace renkei::test_support
