#include "broker/conform/signed_summary.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#include <cstdio>
#include <memory>
#include <vector>

#include "broker/conform/case_loader.h"

namespace renkei::conform {
namespace {

using Key = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
constexpr const char* kSignatureLine = "signature: ";

std::string hex(const unsigned char* data, size_t n) {
  std::string out;
  char buf[3];
  for (size_t i = 0; i < n; ++i) {
    std::snprintf(buf, sizeof buf, "%02x", data[i]);
    out += buf;
  }
  return out;
}

std::string sha256Hex(const std::string& bytes) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
  return hex(digest, sizeof digest);
}

std::string base64(const std::vector<unsigned char>& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes.data(),
                                static_cast<int>(bytes.size()));
  out.resize(n);
  return out;
}

std::vector<unsigned char> unbase64(const std::string& text) {
  std::vector<unsigned char> out(text.size());
  const int n = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (n < 0) return {};
  size_t len = n;
  for (size_t i = text.size(); i > 0 && text[i - 1] == '='; --i) --len;  // padding bytes
  out.resize(len);
  return out;
}

std::vector<unsigned char> publicDer(EVP_PKEY* key) {
  unsigned char* der = nullptr;
  const int n = i2d_PUBKEY(key, &der);
  std::vector<unsigned char> out(der, der + (n > 0 ? n : 0));
  OPENSSL_free(der);
  return out;
}

// Ed25519 signs the message itself (no digest); RSA signs its SHA-256.
const EVP_MD* digestFor(EVP_PKEY* key) {
  return EVP_PKEY_get_base_id(key) == EVP_PKEY_ED25519 ? nullptr : EVP_sha256();
}

Key readKey(const std::string& path, bool is_private) {
  Key none(nullptr, EVP_PKEY_free);
  std::FILE* f = std::fopen(path.c_str(), "r");
  if (f == nullptr) throw ConformInputError(path + ": cannot open the key file");
  EVP_PKEY* key = is_private ? PEM_read_PrivateKey(f, nullptr, nullptr, nullptr)
                             : PEM_read_PUBKEY(f, nullptr, nullptr, nullptr);
  std::fclose(f);
  if (key == nullptr) {
    throw ConformInputError(path + ": not a PEM " + std::string(is_private ? "private" : "public") +
                            " key (Ed25519 or RSA; e.g. openssl genpkey -algorithm ed25519)");
  }
  return Key(key, EVP_PKEY_free);
}

std::string lineValue(const std::string& text, const std::string& prefix) {
  const size_t at = text.find("\n" + prefix);
  if (at == std::string::npos) return "";
  const size_t start = at + 1 + prefix.size();
  return text.substr(start, text.find('\n', start) - start);
}

}  // namespace

std::string summaryText(const RunSummary& s, const std::string& json_report) {
  std::string out = "renkei conform summary v1\n";
  out += "endpoint: " + s.endpoint + "\n";
  for (const auto& service : s.services) out += "service: " + service + "\n";
  out += "started: " + s.started_at + "\n";
  out += "result: " + std::to_string(s.count(Verdict::kPass)) + " passed, " +
         std::to_string(s.count(Verdict::kFail)) + " failed, " +
         std::to_string(s.count(Verdict::kSkip)) + " skipped\n";
  out += std::string("verdict: ") + (s.passed() ? "pass" : "fail") + "\n";
  out += "report-sha256: " + sha256Hex(json_report) + "\n";
  for (const CaseResult& r : s.results)
    out += "case: " + r.spec.id + " " + r.service + " " + verdictName(r.verdict) + "\n";
  return out;
}

std::string signSummary(const std::string& text, const std::string& key_path) {
  Key key = readKey(key_path, true);
  std::string body = text;
  body += std::string("algorithm: ") + (digestFor(key.get()) ? "RSA-SHA256" : "Ed25519") + "\n";
  body += "public-key: " + base64(publicDer(key.get())) + "\n";
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  size_t len = 0;
  const auto* data = reinterpret_cast<const unsigned char*>(body.data());
  if (EVP_DigestSignInit(ctx.get(), nullptr, digestFor(key.get()), nullptr, key.get()) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &len, data, body.size()) != 1) {
    throw ConformInputError(key_path + ": this key cannot sign (use Ed25519 or RSA)");
  }
  std::vector<unsigned char> sig(len);
  if (EVP_DigestSign(ctx.get(), sig.data(), &len, data, body.size()) != 1)
    throw ConformInputError(key_path + ": signing failed");
  sig.resize(len);
  return body + kSignatureLine + base64(sig) + "\n";
}

VerifyResult verifySummary(const std::string& text, const std::string& public_key_path) {
  VerifyResult result;
  const size_t at = text.rfind(std::string("\n") + kSignatureLine);
  if (text.rfind("renkei conform summary v1\n", 0) != 0 || at == std::string::npos) {
    result.message = "not a signed renkei conform summary (no header or no signature line)";
    return result;
  }
  const std::string signed_part = text.substr(0, at + 1);
  const std::string sig_text = lineValue(text.substr(at), kSignatureLine);
  const std::vector<unsigned char> embedded = unbase64(lineValue(signed_part, "public-key: "));
  const unsigned char* p = embedded.data();
  Key key(d2i_PUBKEY(nullptr, &p, static_cast<long>(embedded.size())), EVP_PKEY_free);
  if (!public_key_path.empty()) {
    Key given = readKey(public_key_path, false);
    if (publicDer(given.get()) != embedded) {
      result.message = "signed with another key than " + public_key_path;
      return result;
    }
  }
  if (key == nullptr) {
    result.message = "the public-key line is damaged";
    return result;
  }
  const auto der = publicDer(key.get());
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(der.data(), der.size(), digest);
  result.key_fingerprint = hex(digest, sizeof digest);
  const std::vector<unsigned char> sig = unbase64(sig_text);
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  const bool ok =
      EVP_DigestVerifyInit(ctx.get(), nullptr, digestFor(key.get()), nullptr, key.get()) == 1 &&
      EVP_DigestVerify(ctx.get(), sig.data(), sig.size(),
                       reinterpret_cast<const unsigned char*>(signed_part.data()),
                       signed_part.size()) == 1;
  result.ok =
      ok && text.size() == at + 1 + std::string(kSignatureLine).size() + sig_text.size() + 1;
  result.message = result.ok ? "signature valid: " + lineValue(signed_part, "verdict: ") + ", " +
                                   lineValue(signed_part, "result: ")
                             : "the signature does not match: the summary was changed after "
                               "signing, or the signature is damaged";
  return result;
}

}  // namespace renkei::conform
