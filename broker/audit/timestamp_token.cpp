#include "broker/audit/timestamp_token.h"

#include <curl/curl.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/ts.h>
#include <openssl/x509.h>

#include <memory>

namespace renkei {

namespace {

template <typename T, void (*Free)(T*)>
using Owned = std::unique_ptr<T, std::integral_constant<decltype(Free), Free>>;

// Responses carry a certificate chain at most; anything larger is not a timestamp.
constexpr size_t kMaxResponseBytes = 64 * 1024;

std::string base64(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::string unbase64(const std::string& text) {
  if (text.empty() || text.size() % 4 != 0) throw TimestampError("token is not base64");
  std::string out(text.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (n < 0) throw TimestampError("token is not base64");
  // EVP_DecodeBlock counts the padding as zero bytes; drop them.
  size_t length = static_cast<size_t>(n);
  if (text.back() == '=') --length;
  if (text.size() >= 2 && text[text.size() - 2] == '=') --length;
  out.resize(length);
  return out;
}

std::string sha256(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    throw TimestampError("SHA-256 failed (OpenSSL)");
  }
  return std::string(reinterpret_cast<char*>(digest), length);
}

Owned<TS_REQ, TS_REQ_free> buildRequest(std::string_view payload) {
  Owned<TS_REQ, TS_REQ_free> req(TS_REQ_new());
  Owned<TS_MSG_IMPRINT, TS_MSG_IMPRINT_free> imprint(TS_MSG_IMPRINT_new());
  Owned<X509_ALGOR, X509_ALGOR_free> algo(X509_ALGOR_new());
  Owned<ASN1_INTEGER, ASN1_INTEGER_free> nonce(ASN1_INTEGER_new());
  std::string digest = sha256(payload);
  uint64_t nonce_value = 0;
  if (!req || !imprint || !algo || !nonce ||
      RAND_bytes(reinterpret_cast<unsigned char*>(&nonce_value), sizeof nonce_value) != 1 ||
      X509_ALGOR_set0(algo.get(), OBJ_nid2obj(NID_sha256), V_ASN1_NULL, nullptr) != 1 ||
      TS_MSG_IMPRINT_set_algo(imprint.get(), algo.get()) != 1 ||
      TS_MSG_IMPRINT_set_msg(imprint.get(), reinterpret_cast<unsigned char*>(digest.data()),
                             static_cast<int>(digest.size())) != 1 ||
      ASN1_INTEGER_set_uint64(nonce.get(), nonce_value >> 1) != 1 ||
      TS_REQ_set_version(req.get(), 1) != 1 ||
      TS_REQ_set_msg_imprint(req.get(), imprint.get()) != 1 ||
      TS_REQ_set_nonce(req.get(), nonce.get()) != 1 || TS_REQ_set_cert_req(req.get(), 1) != 1) {
    throw TimestampError("building the timestamp request failed (OpenSSL)");
  }
  return req;
}

size_t collect(char* data, size_t size, size_t count, void* out) {
  auto* body = static_cast<std::string*>(out);
  if (body->size() + size * count > kMaxResponseBytes) return 0;  // aborts the transfer
  body->append(data, size * count);
  return size * count;
}

std::string post(const std::string& url, const std::string& body,
                 std::chrono::milliseconds timeout) {
  Owned<CURL, curl_easy_cleanup> curl(curl_easy_init());
  if (!curl) throw TimestampError("libcurl init failed");
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/timestamp-query");
  std::string answer;
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &answer);
  const CURLcode rc = curl_easy_perform(curl.get());
  long status = 0;
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  if (rc != CURLE_OK) {
    throw TimestampError(std::string("timestamp authority unreachable: ") + curl_easy_strerror(rc));
  }
  if (status != 200) {
    throw TimestampError("timestamp authority answered HTTP " + std::to_string(status));
  }
  return answer;
}

Owned<TS_RESP, TS_RESP_free> parseResponse(const std::string& der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  Owned<TS_RESP, TS_RESP_free> resp(d2i_TS_RESP(nullptr, &p, static_cast<long>(der.size())));
  if (!resp) throw TimestampError("not an RFC 3161 TimeStampResp");
  return resp;
}

std::string genTime(TS_RESP* resp) {
  TS_TST_INFO* info = TS_RESP_get_tst_info(resp);
  const ASN1_GENERALIZEDTIME* time = info ? TS_TST_INFO_get_time(info) : nullptr;
  if (time == nullptr) return {};
  Owned<BIO, BIO_free_all> bio(BIO_new(BIO_s_mem()));
  ASN1_GENERALIZEDTIME_print(bio.get(), time);
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(length));
}

}  // namespace

std::string requestTimestamp(const std::string& url, std::string_view payload,
                             std::chrono::milliseconds timeout) {
  auto req = buildRequest(payload);
  unsigned char* der = nullptr;
  const int length = i2d_TS_REQ(req.get(), &der);
  if (length <= 0) throw TimestampError("encoding the timestamp request failed (OpenSSL)");
  const std::string body(reinterpret_cast<char*>(der), static_cast<size_t>(length));
  OPENSSL_free(der);
  const std::string answer = post(url, body, timeout);
  auto resp = parseResponse(answer);
  // Status granted, our digest, our nonce; the TSA's signature is checked by whoever verifies,
  // against the TSA certificate they trust.
  Owned<TS_VERIFY_CTX, TS_VERIFY_CTX_free> ctx(TS_REQ_to_TS_VERIFY_CTX(req.get(), nullptr));
  if (!ctx || TS_RESP_verify_response(ctx.get(), resp.get()) != 1) {
    throw TimestampError(
        "timestamp authority's answer does not match the request (refused, "
        "other digest or nonce)");
  }
  return base64(answer);
}

TimestampCheck checkTimestamp(const std::string& token_base64, std::string_view payload,
                              const std::string& ca_file) {
  TimestampCheck check;
  try {
    auto resp = parseResponse(unbase64(token_base64));
    check.time = genTime(resp.get());
    Owned<TS_VERIFY_CTX, TS_VERIFY_CTX_free> ctx(TS_VERIFY_CTX_new());
    BIO* data = BIO_new_mem_buf(payload.data(), static_cast<int>(payload.size()));
    if (!ctx || data == nullptr) throw TimestampError("OpenSSL allocation failed");
    TS_VERIFY_CTX_set_data(ctx.get(), data);  // owned by ctx from here
    int flags = TS_VFY_VERSION | TS_VFY_DATA;
    if (!ca_file.empty()) {
      X509_STORE* store = X509_STORE_new();
      if (store == nullptr || X509_STORE_load_file(store, ca_file.c_str()) != 1) {
        X509_STORE_free(store);
        throw TimestampError(ca_file + ": cannot read the TSA CA certificates");
      }
      TS_VERIFY_CTX_set_store(ctx.get(), store);  // owned by ctx from here
      flags |= TS_VFY_SIGNATURE;
    }
    TS_VERIFY_CTX_set_flags(ctx.get(), flags);
    if (TS_RESP_verify_response(ctx.get(), resp.get()) != 1) {
      throw TimestampError(ca_file.empty()
                               ? "the timestamp does not cover this checkpoint"
                               : "the timestamp does not cover this checkpoint or its TSA "
                                 "signature does not verify with " +
                                     ca_file);
    }
    check.ok = true;
  } catch (const TimestampError& e) {
    check.error = e.what();
  }
  return check;
}

}  // namespace renkei
