#include "broker/audit/checkpoint_key.h"

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <fstream>
#include <sstream>

#include "broker/audit/audit_hash.h"

namespace renkei {

namespace {

std::shared_ptr<EVP_PKEY> own(EVP_PKEY* key) { return {key, &EVP_PKEY_free}; }

// The key id is a digest of the raw public key, so a checkpoint names the key that signed it
// without carrying the key itself.
std::string keyIdOf(EVP_PKEY* key) {
  unsigned char raw[64];
  size_t length = sizeof raw;
  if (EVP_PKEY_get_raw_public_key(key, raw, &length) != 1) {
    throw KeyFileError("cannot read the raw public key (OpenSSL)");
  }
  return sha256Hex(std::string_view(reinterpret_cast<const char*>(raw), length));
}

void requireEd25519(EVP_PKEY* key, const std::string& path) {
  if (EVP_PKEY_get_id(key) != EVP_PKEY_ED25519) {
    throw KeyFileError(path + ": not an Ed25519 key (create one with `renkei audit keygen`)");
  }
}

std::string readWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw KeyFileError(path + ": cannot read the key file");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::shared_ptr<EVP_PKEY> parsePem(const std::string& pem, bool want_private,
                                   const std::string& origin) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
  EVP_PKEY* key = want_private ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr)
                               : PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr);
  if (key == nullptr && !want_private) {
    // A private key file also holds the public half; accept it for verification.
    BIO_reset(bio.get());
    key = PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr);
  }
  if (key == nullptr) {
    throw KeyFileError(origin +
                       (want_private ? ": not a PEM private key" : ": not a PEM public key"));
  }
  auto owned = own(key);
  requireEd25519(key, origin);
  return owned;
}

std::string pemOf(EVP_PKEY* key, bool private_key) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
  const int ok =
      private_key ? PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr)
                  : PEM_write_bio_PUBKEY(bio.get(), key);
  if (ok != 1) throw KeyFileError("cannot encode the key as PEM (OpenSSL)");
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(length));
}

}  // namespace

CheckpointSigner::CheckpointSigner(std::shared_ptr<EVP_PKEY> key)
    : key_(std::move(key)), key_id_(keyIdOf(key_.get())) {}

CheckpointSigner CheckpointSigner::fromFile(const std::string& path) {
  return CheckpointSigner(parsePem(readOwnerOnlyFile(path, "checkpoint private key"), true, path));
}

std::string CheckpointSigner::sign(std::string_view payload) const {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  unsigned char signature[64];
  size_t length = sizeof signature;
  // Ed25519 signs the message itself (no separate digest): md is null.
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key_.get()) != 1 ||
      EVP_DigestSign(ctx.get(), signature, &length,
                     reinterpret_cast<const unsigned char*>(payload.data()), payload.size()) != 1) {
    throw KeyFileError("signing an audit checkpoint failed (OpenSSL)");
  }
  return hexEncode(std::string_view(reinterpret_cast<const char*>(signature), length));
}

CheckpointVerifier::CheckpointVerifier(std::shared_ptr<EVP_PKEY> key)
    : key_(std::move(key)), key_id_(keyIdOf(key_.get())) {}

CheckpointVerifier CheckpointVerifier::fromFile(const std::string& path) {
  return fromPem(readWhole(path), path);
}

CheckpointVerifier CheckpointVerifier::fromPem(const std::string& pem, const std::string& origin) {
  return CheckpointVerifier(parsePem(pem, false, origin));
}

bool CheckpointVerifier::verify(std::string_view payload, std::string_view hex_signature) const {
  const auto signature = hexDecode(hex_signature);
  if (!signature) return false;
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  return ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key_.get()) == 1 &&
         EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature->data()),
                          signature->size(), reinterpret_cast<const unsigned char*>(payload.data()),
                          payload.size()) == 1;
}

std::string CheckpointVerifier::publicPem() const { return pemOf(key_.get(), false); }

std::string generateCheckpointKeyPair(const std::string& private_path,
                                      const std::string& public_path) {
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
      EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr), &EVP_PKEY_CTX_free);
  EVP_PKEY* raw = nullptr;
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 || EVP_PKEY_keygen(ctx.get(), &raw) != 1) {
    throw KeyFileError("generating an Ed25519 key failed (OpenSSL)");
  }
  auto key = own(raw);
  writeNewFile(private_path, pemOf(key.get(), true), 0600);
  writeNewFile(public_path, pemOf(key.get(), false), 0644);
  return keyIdOf(key.get());
}

}  // namespace renkei
