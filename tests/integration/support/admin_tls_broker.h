#pragma once
// A broker whose admin listener speaks TLS and requires client certificates (the test PKI's CA,
// the broker's certificate and the CA's CRL, Host names localhost and 127.0.0.1), and how a test
// reaches it as an operator: the "juki" certificate of the same PKI.
#include <string>
#include <utility>

#include "tests/integration/support/admin_listener.h"
#include "tests/integration/support/running_broker.h"
#include "tests/integration/support/tls_client.h"
#include "tests/support/test_pki.h"

namespace renkei::testing {

class AdminTlsBroker {
 public:
  // `setup` as any test's; only its <admin> element is replaced.
  explicit AdminTlsBroker(BrokerSetup setup = {})
      : broker_(withAdminTls(std::move(setup), pki_)), admin_(broker_) {}

  std::string url(const std::string& path = "/") const {
    return "https://127.0.0.1:" + std::to_string(admin_.port()) + path;
  }
  int port() const { return admin_.port(); }
  TlsClientFiles operatorFiles() const {
    return TlsClientFiles{pki_.crt("ca"), pki_.crt("juki"), pki_.key("juki")};
  }
  // tlsRequest as the operator.
  HttpAnswer operatorRequest(const std::string& path, const std::string& body = "",
                             const std::string& host = "") const {
    return tlsRequest(url(path), body, operatorFiles(), host);
  }
  const TestPki& pki() const { return pki_; }

 private:
  static BrokerSetup withAdminTls(BrokerSetup setup, const TestPki& pki) {
    setup.config_edits.push_back(
        {"<admin host=\"127.0.0.1\" port=\"0\"/>",
         "<admin host=\"127.0.0.1\" port=\"0\" allowedHosts=\"localhost 127.0.0.1\"><tls "
         "certificate=\"" +
             pki.crt("broker") + "\" key=\"" + pki.key("broker") + "\" ca=\"" + pki.crt("ca") +
             "\" crl=\"" + pki.crl() + "\" clientCertificate=\"required\"/></admin>"});
    return setup;
  }

  TestPki pki_;  // first: the configuration names its files
  RunningBroker broker_;
  AdminListener admin_;
};

}  // namespace renkei::testing
