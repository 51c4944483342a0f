// CurlForwarder towards a unit that speaks TLS and requires a client certificate: python3's
// ssl + http.server as the unit, certificates from tests/support/test_pki.h.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "broker/transport/curl_forwarder.h"
#include "broker/transport/plain_http_forwarder.h"
#include "tests/support/test_pki.h"

namespace renkei {
namespace {

using testing::TestPki;

constexpr const char* kUnitScript = R"py(
import http.server, ssl, sys
class Unit(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        body = b"<answer from='tls unit'/>"
        self.send_response(200)
        self.send_header("Content-Type", "text/xml; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
server = http.server.HTTPServer(("127.0.0.1", 0), Unit)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(sys.argv[1], sys.argv[2])
context.load_verify_locations(sys.argv[3])
context.verify_mode = ssl.CERT_REQUIRED
server.socket = context.wrap_socket(server.socket, server_side=True)
print(server.server_address[1], flush=True)
server.serve_forever()
)py";

// The TLS unit as a child process; its port is the first line it prints.
class PythonTlsUnit {
 public:
  explicit PythonTlsUnit(const TestPki& pki) {
    const std::string script = pki.dir() + "/unit.py";
    std::ofstream(script) << kUnitScript;
    // Made before fork: the child of a threaded process may only make system calls until it
    // execs (an allocation could wait forever for a lock another thread held at the fork).
    const std::string ca = pki.crt("ca");
    // juki's certificate has no 127.0.0.1 SAN: the broker's certificate serves as the unit's.
    const std::string server_crt = pki.crt("broker"), server_key = pki.key("broker");
    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("pipe");
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], STDOUT_FILENO);
      ::close(out[0]);
      ::close(out[1]);
      execlp("python3", "python3", script.c_str(), server_crt.c_str(), server_key.c_str(),
             ca.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    ::close(out[1]);
    FILE* in = fdopen(out[0], "r");
    char line[32] = "";
    if (!fgets(line, sizeof line, in))
      throw std::runtime_error("the python TLS unit did not start");
    fclose(in);
    port_ = std::atoi(line);
  }
  ~PythonTlsUnit() {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }
  std::string url() const { return "https://127.0.0.1:" + std::to_string(port_) + "/"; }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

ForwardRequest post(const std::string& url) {
  ForwardRequest request;
  request.url = url;
  request.content_type = "text/xml; charset=utf-8";
  request.body = "<soap:Envelope/>";
  return request;
}

class CurlForwarderTlsTest : public ::testing::Test {
 protected:
  CurlForwarderOptions options(bool with_client_certificate) const {
    CurlForwarderOptions o;
    o.ca_file = pki_.crt("ca");
    if (with_client_certificate) {
      o.client_cert_file = pki_.crt("broker");
      o.client_key_file = pki_.key("broker");
    }
    return o;
  }
  TestPki pki_;
  PythonTlsUnit unit_{pki_};
};

TEST_F(CurlForwarderTlsTest, ForwardsWithTheCaAndClientCertificate) {
  CurlForwarder forwarder(options(true));
  ForwardResult result = forwarder.post(post(unit_.url()));
  EXPECT_EQ(result.outcome, ForwardResult::kAnswered) << result.error << " " << result.detail;
  EXPECT_EQ(result.http_status, 200);
  EXPECT_EQ(result.body, "<answer from='tls unit'/>");
}

// The broker's forwarder takes plain http:// itself and hands https:// to libcurl, with the
// same CA, client certificate and key.
TEST_F(CurlForwarderTlsTest, ThePlainForwarderLeavesHttpsToLibcurl) {
  PlainHttpForwarder forwarder(options(true));
  ForwardResult result = forwarder.post(post(unit_.url()));
  EXPECT_EQ(result.outcome, ForwardResult::kAnswered) << result.error << " " << result.detail;
  EXPECT_EQ(result.body, "<answer from='tls unit'/>");
  PlainHttpForwarder without_certificate(options(false));
  EXPECT_NE(without_certificate.post(post(unit_.url())).outcome, ForwardResult::kAnswered);
}

TEST_F(CurlForwarderTlsTest, WithoutAClientCertificateTheUnitRefuses) {
  CurlForwarder forwarder(options(false));
  ForwardResult result = forwarder.post(post(unit_.url()));
  EXPECT_NE(result.outcome, ForwardResult::kAnswered);
}

TEST_F(CurlForwarderTlsTest, AnUntrustedUnitCertificateIsNotCalled) {
  CurlForwarderOptions o = options(true);
  o.ca_file = pki_.crt("other-ca");
  CurlForwarder forwarder(o);
  ForwardResult result = forwarder.post(post(unit_.url()));
  EXPECT_EQ(result.outcome, ForwardResult::kUnavailable);
  EXPECT_EQ(result.error.find("127.0.0.1"), std::string::npos) << "names no address";
}

TEST_F(CurlForwarderTlsTest, APublicKeyPinIsEnforcedPerOrigin) {
  CurlForwarderOptions right = options(true);
  right.pinned_public_keys[CurlHandlePool::originOf(unit_.url())] = pki_.publicKeyPin("broker");
  EXPECT_EQ(CurlForwarder(right).post(post(unit_.url())).outcome, ForwardResult::kAnswered);

  CurlForwarderOptions wrong = options(true);
  wrong.pinned_public_keys[CurlHandlePool::originOf(unit_.url())] = pki_.publicKeyPin("kokuho");
  ForwardResult result = CurlForwarder(wrong).post(post(unit_.url()));
  EXPECT_EQ(result.outcome, ForwardResult::kUnavailable);
  EXPECT_EQ(result.error, "TLS public key does not match the unit's pin");
}

}  // namespace
}  // namespace renkei
