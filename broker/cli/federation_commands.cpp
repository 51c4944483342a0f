// renkei federation keygen: this broker's CURVE key pair for the peer transport. The secret
// goes into <federation curveSecretKeyFile>, the public key into the peers' directories.
#include <sys/stat.h>

#include <filesystem>
#include <iostream>

#include "adapters/peer/curve_keys.h"
#include "broker/cli/commands.h"
#include "broker/core/secret_file.h"
#include "broker/core/soap_fault_writer.h"

namespace renkei::cli {

int runFederationKeygen(const CliArgs& args) {
  const auto out = args.get("--out");
  if (!out || out->empty()) {
    std::cerr << "renkei federation keygen: --out PREFIX is required (writes PREFIX.key and "
                 "PREFIX.pub)\n";
    return 2;
  }
  const std::string secret_path = *out + ".key";
  const std::string public_path = *out + ".pub";
  // Both checked before either is written, so a refusal leaves no half pair behind.
  for (const std::string& path : {secret_path, public_path}) {
    std::error_code ignored;
    if (std::filesystem::exists(path, ignored)) {
      std::cerr << "renkei: " << path << " exists already; keys are never overwritten\n";
      return 1;
    }
  }
  try {
    const peer::CurveKeyPair pair = peer::generateCurveKeyPair();
    writeNewFile(secret_path, pair.secret_key + "\n", S_IRUSR | S_IWUSR);
    writeNewFile(public_path, pair.public_key + "\n", S_IRUSR | S_IWUSR | S_IRGRP | S_IROTH);
    std::cout << "wrote " << secret_path << " (secret, mode 0600: keep it on this broker's host)\n"
              << "wrote " << public_path << " (public: give it to the peer brokers)\n"
              << "public key " << pair.public_key << "\n"
              << "use it with <federation curveSecretKeyFile=\"" << secret_path
              << "\" ...>, and in each peer's directory as\n"
              << "  <peer name=\"THIS-BROKER\" endpoint=\"tcp://HOST:PORT\" curvePublicKey=\""
              << xmlEscape(pair.public_key) << "\">\n"
              << "(in XML, the key's & < > are written &amp; &lt; &gt;, as above)\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "renkei: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace renkei::cli
