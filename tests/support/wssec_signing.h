#pragma once
// A small PKI and WS-Security signing done the way a vendor unit would: keys and certificates
// from the `openssl` CLI, the signature from `xmlsec1 --sign` over a template. The broker's
// verifier is tested against these, never against signatures it made itself.
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace renkei::testing {

inline std::string readWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline void replaceFirst(std::string& text, const std::string& from, const std::string& to) {
  const auto pos = text.find(from);
  if (pos == std::string::npos) throw std::runtime_error("template: no '" + from + "'");
  text.replace(pos, from.size(), to);
}

// Runs a shell command; its output goes to a log that is shown when it fails.
inline void runCommand(const std::string& command, const std::string& log) {
  const int rc = std::system(("(" + command + ") >" + log + " 2>&1").c_str());
  if (rc != 0) {
    throw std::runtime_error("command failed (" + std::to_string(rc) + "): " + command + "\n" +
                             readWholeFile(log));
  }
}

enum class KeyKind { kRsa, kEc };

struct SigningIdentity {
  std::string key;   // PEM private key
  std::string cert;  // PEM certificate
};

// A directory of CAs and certificates, removed with the object.
class TestPki {
 public:
  TestPki() {
    char tmpl[] = "/tmp/renkei-pki-XXXXXX";
    dir_ = mkdtemp(tmpl);
  }
  ~TestPki() {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  TestPki(const TestPki&) = delete;
  TestPki& operator=(const TestPki&) = delete;

  const std::string& dir() const { return dir_; }
  std::string path(const std::string& name) const { return dir_ + "/" + name; }

  // <name>.key / <name>.pem: a self-signed CA.
  SigningIdentity makeCa(const std::string& name) {
    SigningIdentity ca{path(name + ".key"), path(name + ".pem")};
    runCommand("openssl req -x509 -newkey rsa:2048 -nodes -keyout " + ca.key + " -out " + ca.cert +
                   " -days 30 -subj '/O=Renkei Test/CN=" + name + "'",
               path(name + ".log"));
    return ca;
  }

  // A unit's signing certificate issued by `ca`.
  SigningIdentity makeCert(const SigningIdentity& ca, const std::string& name, KeyKind kind) {
    SigningIdentity id{path(name + ".key"), path(name + ".pem")};
    const std::string log = path(name + ".log");
    if (kind == KeyKind::kRsa) {
      runCommand("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out " + id.key,
                 log);
    } else {
      runCommand("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out " + id.key,
                 log);
    }
    runCommand("openssl req -new -key " + id.key + " -out " + path(name + ".csr") +
                   " -subj '/O=Renkei Test/CN=" + name + "'",
               log);
    runCommand("openssl x509 -req -in " + path(name + ".csr") + " -CA " + ca.cert + " -CAkey " +
                   ca.key + " -CAcreateserial -out " + id.cert + " -days 30",
               log);
    return id;
  }

  // Issued through `openssl ca` (which keeps the index a CRL needs), valid from `start` to
  // `end` (YYYYMMDDHHMMSSZ): how the tests make expired and revoked certificates.
  SigningIdentity issueWithCaDatabase(const SigningIdentity& ca, const std::string& name,
                                      const std::string& start, const std::string& end) {
    ensureCaDatabase();
    SigningIdentity id{path(name + ".key"), path(name + ".pem")};
    const std::string log = path(name + ".log");
    runCommand("openssl req -new -newkey rsa:2048 -nodes -keyout " + id.key + " -out " +
                   path(name + ".csr") + " -subj '/O=Renkei Test/CN=" + name + "'",
               log);
    runCommand("openssl ca -batch -notext -config " + path("ca.cnf") + " -cert " + ca.cert +
                   " -keyfile " + ca.key + " -in " + path(name + ".csr") + " -out " + id.cert +
                   " -startdate " + start + " -enddate " + end,
               log);
    return id;
  }

  // Revokes `id` and writes the CA's CRL; returns the CRL's path.
  std::string revoke(const SigningIdentity& ca, const SigningIdentity& id) {
    ensureCaDatabase();
    const std::string ca_args =
        " -config " + path("ca.cnf") + " -cert " + ca.cert + " -keyfile " + ca.key;
    runCommand("openssl ca" + ca_args + " -revoke " + id.cert, path("revoke.log"));
    runCommand("openssl ca" + ca_args + " -gencrl -out " + path("ca.crl"), path("crl.log"));
    return path("ca.crl");
  }

  std::string base64Der(const SigningIdentity& id) {
    const std::string out = path("b64.tmp");
    runCommand("openssl x509 -in " + id.cert + " -outform DER | base64 -w0 > " + out,
               path("b64.log"));
    return readWholeFile(out);
  }

  // "AB:CD:..." as an operator copies it from `openssl x509 -fingerprint -sha256`.
  std::string fingerprint(const SigningIdentity& id) {
    const std::string out = path("fp.tmp");
    runCommand(
        "openssl x509 -in " + id.cert + " -noout -fingerprint -sha256 | cut -d= -f2 > " + out,
        path("fp.log"));
    std::string fp = readWholeFile(out);
    while (!fp.empty() && (fp.back() == '\n' || fp.back() == '\r')) fp.pop_back();
    return fp;
  }

 private:
  void ensureCaDatabase() {
    if (std::filesystem::exists(path("ca.cnf"))) return;
    std::filesystem::create_directories(path("issued"));
    std::ofstream(path("index.txt"));
    std::ofstream(path("serial")) << "1000\n";
    std::ofstream(path("crlnumber")) << "1000\n";
    std::ofstream(path("ca.cnf")) << "[ ca ]\ndefault_ca = test_ca\n"
                                  << "[ test_ca ]\ndatabase = " << path("index.txt")
                                  << "\nnew_certs_dir = " << path("issued")
                                  << "\nserial = " << path("serial")
                                  << "\ncrlnumber = " << path("crlnumber")
                                  << "\ndefault_md = sha256\ndefault_crl_days = 30\n"
                                  << "unique_subject = no\npolicy = any_name\n"
                                  << "[ any_name ]\norganizationName = optional\n"
                                  << "commonName = supplied\n";
  }

  std::string dir_;
};

inline constexpr const char* kRsaSha256Uri = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
inline constexpr const char* kEcdsaSha256Uri =
    "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256";
inline constexpr const char* kRsaSha1Uri = "http://www.w3.org/2000/09/xmldsig#rsa-sha1";
inline constexpr const char* kSha256DigestUri = "http://www.w3.org/2001/04/xmlenc#sha256";
inline constexpr const char* kSha1DigestUri = "http://www.w3.org/2000/09/xmldsig#sha1";

struct SignOptions {
  SigningIdentity signer;
  std::string token_base64;  // the certificate put in the token (normally the signer's)
  std::string signature_method = kRsaSha256Uri;
  std::string digest_method = kSha256DigestUri;
  bool sign_platform_header = true;
  bool sign_body = true;
  bool sign_timestamp = true;
  std::string created = "2026-01-01T00:00:00Z";
  std::string expires = "2099-01-01T00:00:00Z";
};

// Adds wsu:Ids and a wsse:Security header (token, timestamp, signature template) to a sample
// envelope, then has xmlsec1 compute digests and signature. Works on the SOAP 1.1 and 1.2
// samples of examples/traffic (prefixes soapenv/env and hdr).
inline std::string signEnvelope(const std::string& envelope, const SignOptions& o,
                                const TestPki& pki) {
  const std::string wsse =
      "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
  const std::string wsu =
      "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
  const std::string soap =
      envelope.find("<soapenv:Envelope") != std::string::npos ? "soapenv" : "env";
  std::string xml = envelope;
  replaceFirst(xml, "<" + soap + ":Envelope ",
               "<" + soap + ":Envelope xmlns:wsse=\"" + wsse + "\" xmlns:wsu=\"" + wsu + "\" ");
  replaceFirst(xml, "<hdr:PlatformHeader>", "<hdr:PlatformHeader wsu:Id=\"PH-1\">");
  replaceFirst(xml, "<" + soap + ":Body>", "<" + soap + ":Body wsu:Id=\"Body-1\">");

  auto reference = [&](const std::string& id) {
    return "<ds:Reference URI=\"#" + id +
           "\"><ds:Transforms><ds:Transform "
           "Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/></ds:Transforms>"
           "<ds:DigestMethod Algorithm=\"" +
           o.digest_method + "\"/><ds:DigestValue/></ds:Reference>\n";
  };
  std::string security =
      "\n    <wsse:Security>\n"
      "      <wsse:BinarySecurityToken wsu:Id=\"X509-1\" "
      "EncodingType=\"http://docs.oasis-open.org/wss/2004/01/"
      "oasis-200401-wss-soap-message-security-1.0#Base64Binary\" "
      "ValueType=\"http://docs.oasis-open.org/wss/2004/01/"
      "oasis-200401-wss-x509-token-profile-1.0#X509v3\">" +
      o.token_base64 +
      "</wsse:BinarySecurityToken>\n"
      "      <wsu:Timestamp wsu:Id=\"TS-1\"><wsu:Created>" +
      o.created + "</wsu:Created><wsu:Expires>" + o.expires +
      "</wsu:Expires></wsu:Timestamp>\n"
      "      <ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">\n"
      "        <ds:SignedInfo>\n"
      "          <ds:CanonicalizationMethod "
      "Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/>\n"
      "          <ds:SignatureMethod Algorithm=\"" +
      o.signature_method + "\"/>\n";
  if (o.sign_timestamp) security += reference("TS-1");
  if (o.sign_platform_header) security += reference("PH-1");
  if (o.sign_body) security += reference("Body-1");
  security +=
      "        </ds:SignedInfo>\n"
      "        <ds:SignatureValue/>\n"
      "        <ds:KeyInfo><wsse:SecurityTokenReference><wsse:Reference URI=\"#X509-1\" "
      "ValueType=\"http://docs.oasis-open.org/wss/2004/01/"
      "oasis-200401-wss-x509-token-profile-1.0#X509v3\"/></wsse:SecurityTokenReference>"
      "</ds:KeyInfo>\n"
      "      </ds:Signature>\n"
      "    </wsse:Security>";
  replaceFirst(xml, "<" + soap + ":Header>", "<" + soap + ":Header>" + security);

  const std::string tmpl = pki.path("template.xml");
  const std::string out = pki.path("signed.xml");
  std::ofstream(tmpl, std::ios::binary) << xml;
  // xmlsec1 resolves "#id" only through attributes it is told are IDs.
  runCommand("xmlsec1 --sign --privkey-pem " + o.signer.key +
                 " --id-attr:Id Timestamp --id-attr:Id PlatformHeader --id-attr:Id Body"
                 " --output " +
                 out + " " + tmpl,
             pki.path("xmlsec1.log"));
  return readWholeFile(out);
}

}  // namespace renkei::testing
