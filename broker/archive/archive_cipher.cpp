#include "broker/archive/archive_cipher.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <openssl/crypto.h>

#include <algorithm>
#include <memory>

#include "broker/audit/audit_hash.h"

namespace renkei::archive {
namespace {

constexpr int kNonceBytes = 12;
constexpr int kTagBytes = 16;

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

CipherCtx newCtx() { return CipherCtx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free); }

const unsigned char* bytes(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}
unsigned char* bytes(std::string& text) { return reinterpret_cast<unsigned char*>(text.data()); }

// EVP_*Update takes an int length; a body over 2 GiB is fed in pieces.
bool update(EVP_CIPHER_CTX* ctx, bool encrypt, unsigned char* out, std::string_view in) {
  constexpr size_t kChunk = size_t{1} << 30;
  size_t done = 0;
  while (done < in.size()) {
    const size_t n = std::min(kChunk, in.size() - done);
    int written = 0;
    const int ok =
        encrypt
            ? EVP_EncryptUpdate(ctx, out + done, &written, bytes(in) + done, static_cast<int>(n))
            : EVP_DecryptUpdate(ctx, out + done, &written, bytes(in) + done, static_cast<int>(n));
    if (ok != 1 || written != static_cast<int>(n)) return false;  // GCM is a stream mode
    done += n;
  }
  return true;
}

bool addAad(EVP_CIPHER_CTX* ctx, bool encrypt, const std::string& aad) {
  int ignored = 0;
  return (encrypt
              ? EVP_EncryptUpdate(ctx, nullptr, &ignored, bytes(aad), static_cast<int>(aad.size()))
              : EVP_DecryptUpdate(ctx, nullptr, &ignored, bytes(aad),
                                  static_cast<int>(aad.size()))) == 1;
}

}  // namespace

std::string associatedData(const ArchiveMeta& meta) {
  std::string out;
  const auto appendField = [&out](std::string_view value) { appendLengthPrefixed(out, value); };
  appendField("renkei-archive");
  appendField(std::to_string(meta.format));
  appendField(meta.time);
  appendField(meta.message_id);
  appendField(meta.sender);
  appendField(meta.receiver);
  appendField(meta.service);
  appendField(meta.outcome);
  appendField(meta.fault_code);
  appendField(meta.instance_id);
  appendField(std::to_string(meta.request_bytes));
  appendField(std::to_string(meta.response_bytes));
  appendField(meta.key_id);
  return out;
}

SealedRecord seal(const ArchiveKey& key, ArchiveMeta meta, std::string_view request,
                  std::string_view response) {
  meta.request_bytes = request.size();
  meta.response_bytes = response.size();
  meta.key_id = key.keyId();
  SealedRecord record;
  record.nonce.resize(kNonceBytes);
  record.tag.resize(kTagBytes);
  record.ciphertext.resize(request.size() + response.size());
  if (RAND_bytes(bytes(record.nonce), kNonceBytes) != 1) {
    throw ArchiveCipherError("no random nonce (OpenSSL RAND_bytes)");
  }
  const std::string aad = associatedData(meta);
  CipherCtx ctx = newCtx();
  unsigned char* out = bytes(record.ciphertext);
  int final_length = 0;
  // The default GCM IV length is 12 bytes, so no EVP_CTRL_GCM_SET_IVLEN is needed.
  if (!ctx ||
      EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key.data(), bytes(record.nonce)) !=
          1 ||
      !addAad(ctx.get(), true, aad) || !update(ctx.get(), true, out, request) ||
      !update(ctx.get(), true, out + request.size(), response) ||
      EVP_EncryptFinal_ex(ctx.get(), out + record.ciphertext.size(), &final_length) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes, bytes(record.tag)) != 1) {
    throw ArchiveCipherError("AES-256-GCM encryption failed (OpenSSL)");
  }
  record.meta = std::move(meta);
  return record;
}

std::optional<OpenedRecord> unseal(const ArchiveKey& key, const SealedRecord& record) {
  const ArchiveMeta& meta = record.meta;
  if (record.nonce.size() != kNonceBytes || record.tag.size() != kTagBytes ||
      record.ciphertext.size() != meta.request_bytes + meta.response_bytes) {
    return std::nullopt;
  }
  const std::string aad = associatedData(meta);
  std::string plain(record.ciphertext.size(), '\0');
  std::string tag = record.tag;  // EVP_CTRL_GCM_SET_TAG takes a non-const pointer
  CipherCtx ctx = newCtx();
  int final_length = 0;
  const bool ok =
      ctx &&
      EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key.data(), bytes(record.nonce)) ==
          1 &&
      addAad(ctx.get(), false, aad) && update(ctx.get(), false, bytes(plain), record.ciphertext) &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, bytes(tag)) == 1 &&
      EVP_DecryptFinal_ex(ctx.get(), bytes(plain) + plain.size(), &final_length) == 1;
  if (!ok) {
    // What was decrypted before the tag failed is unauthenticated: it must not survive.
    OPENSSL_cleanse(plain.data(), plain.size());
    return std::nullopt;
  }
  OpenedRecord opened;
  opened.request = plain.substr(0, meta.request_bytes);
  opened.response = plain.substr(meta.request_bytes);
  OPENSSL_cleanse(plain.data(), plain.size());
  return opened;
}

}  // namespace renkei::archive
