#pragma once
// A throw-away PKI made with the openssl command line for TLS tests: a units CA with a broker
// server certificate (localhost, 127.0.0.1) and one client certificate per sample unit, a
// revoked certificate and the CA's CRL, and a second, unrelated CA with a certificate of its own.
// Keys are EC P-256: fast to make, and what a new deployment would choose.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace renkei::testing {

class TestPki {
 public:
  TestPki() {
    char tmpl[] = "/tmp/renkei-pki-XXXXXX";
    dir_ = mkdtemp(tmpl);
    std::ofstream(dir_ + "/ca.cnf") << "[ca]\ndefault_ca = units\n"
                                       "[units]\ndatabase = "
                                    << dir_
                                    << "/index.txt\n"
                                       "default_md = sha256\ndefault_crl_days = 30\n";
    std::ofstream(dir_ + "/index.txt");
    makeCa("ca", "Renkei Test Units CA");
    makeCa("other-ca", "Another Municipality CA");
    issue("ca", "broker", "/CN=localhost", "subjectAltName=DNS:localhost,IP:127.0.0.1");
    issue("ca", "kokuho", "/C=JP/O=Yonezawa City/CN=062022-kokuho");
    issue("ca", "juminzei", "/C=JP/O=Yonezawa City/CN=062022-juminzei");
    issue("ca", "juki", "/C=JP/O=Yonezawa City/CN=062022-juki");
    issue("ca", "revoked", "/C=JP/O=Yonezawa City/CN=062022-revoked");
    issue("other-ca", "stranger", "/C=JP/O=Elsewhere/CN=062022-kokuho");
    run("openssl ca -config ca.cnf -revoke revoked.crt -keyfile ca.key -cert ca.crt");
    run("openssl ca -config ca.cnf -gencrl -keyfile ca.key -cert ca.crt -out ca.crl");
  }
  ~TestPki() {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  TestPki(const TestPki&) = delete;
  TestPki& operator=(const TestPki&) = delete;

  const std::string& dir() const { return dir_; }
  std::string crt(const std::string& name) const { return dir_ + "/" + name + ".crt"; }
  std::string key(const std::string& name) const { return dir_ + "/" + name + ".key"; }
  std::string crl() const { return dir_ + "/ca.crl"; }

  // "AB:CD:..." as `openssl x509 -fingerprint -sha256` prints it.
  std::string fingerprint(const std::string& name) const {
    std::string out = capture("openssl x509 -noout -fingerprint -sha256 -in " + crt(name));
    return out.substr(out.find('=') + 1);
  }
  // "sha256//BASE64" of the certificate's public key, as CURLOPT_PINNEDPUBLICKEY takes it.
  std::string publicKeyPin(const std::string& name) const {
    return "sha256//" + capture("openssl x509 -noout -pubkey -in " + crt(name) +
                                " | openssl pkey -pubin -outform der | openssl dgst -sha256 "
                                "-binary | openssl base64 -A");
  }

  void run(const std::string& command) const {
    const std::string line = "cd " + dir_ + " && " + command + " >/dev/null 2>&1";
    if (std::system(line.c_str()) != 0) throw std::runtime_error("failed: " + command);
  }
  std::string capture(const std::string& command) const {
    FILE* pipe = popen(("cd " + dir_ + " && " + command).c_str(), "r");
    if (!pipe) throw std::runtime_error("cannot run " + command);
    std::string out;
    char buffer[512];
    while (std::fgets(buffer, sizeof buffer, pipe)) out += buffer;
    pclose(pipe);
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    return out;
  }

 private:
  void makeCa(const std::string& name, const std::string& cn) {
    run("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 -subj "
        "'/CN=" +
        cn + "' -keyout " + name + ".key -out " + name +
        ".crt -addext basicConstraints=critical,CA:true -addext "
        "keyUsage=critical,keyCertSign,cRLSign");
  }
  void issue(const std::string& ca, const std::string& name, const std::string& subject,
             const std::string& extension = "") {
    run("openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj '" + subject +
        "' -keyout " + name + ".key -out " + name + ".csr");
    std::string ext = name + ".ext";
    std::ofstream(dir_ + "/" + ext)
        << (extension.empty() ? "basicConstraints=CA:false" : extension) << "\n";
    run("openssl x509 -req -in " + name + ".csr -CA " + ca + ".crt -CAkey " + ca +
        ".key -CAcreateserial -days 30 -sha256 -extfile " + ext + " -out " + name + ".crt");
  }

  std::string dir_;
};

}  // namespace renkei::testing
