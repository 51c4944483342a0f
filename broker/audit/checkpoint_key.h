#pragma once
// Ed25519 keys for audit checkpoints, through OpenSSL EVP. The private key stays on the broker
// host, in a file only its owner can read; the public key goes to whoever verifies (governance,
// an auditor) so a database administrator alone cannot forge what the broker signed.
#include <memory>
#include <string>
#include <string_view>

#include "broker/core/secret_file.h"  // KeyFileError

typedef struct evp_pkey_st EVP_PKEY;

namespace renkei {

class CheckpointSigner {
 public:
  // Reads a PEM Ed25519 private key. Refuses a file that group or others may read (or write):
  // a key others can read signs nothing only its owner could have signed.
  static CheckpointSigner fromFile(const std::string& path);

  std::string sign(std::string_view payload) const;  // hex signature
  const std::string& keyId() const { return key_id_; }

 private:
  explicit CheckpointSigner(std::shared_ptr<EVP_PKEY> key);
  std::shared_ptr<EVP_PKEY> key_;
  std::string key_id_;
};

class CheckpointVerifier {
 public:
  // Reads a PEM Ed25519 public key (a private key file is accepted too: its public half is used).
  static CheckpointVerifier fromFile(const std::string& path);
  static CheckpointVerifier fromPem(const std::string& pem, const std::string& origin);

  bool verify(std::string_view payload, std::string_view hex_signature) const;
  const std::string& keyId() const { return key_id_; }
  std::string publicPem() const;

 private:
  explicit CheckpointVerifier(std::shared_ptr<EVP_PKEY> key);
  std::shared_ptr<EVP_PKEY> key_;
  std::string key_id_;
};

// Writes a new key pair: `private_path` created with mode 0600 (never overwritten), and
// `public_path` with 0644. Returns the key id.
std::string generateCheckpointKeyPair(const std::string& private_path,
                                      const std::string& public_path);

}  // namespace renkei
