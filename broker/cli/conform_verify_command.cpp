// renkei conform verify SUMMARY [--key PUBLIC.pem] [--report FILE.json]: checks a signed
// summary, and that a JSON report is the one it names.
#include <openssl/sha.h>

#include <cstdio>
#include <iostream>

#include "broker/cli/commands.h"
#include "broker/conform/case_loader.h"
#include "broker/conform/signed_summary.h"
#include "broker/conform/xml_file.h"

namespace renkei::cli {
namespace {

constexpr const char* kVerifyUsage =
    "usage: renkei conform verify SUMMARY [--key PUBLIC.pem] [--report REPORT.json]\n"
    "  --key     the lab's public key; without it only the summary's integrity is checked and\n"
    "            the signer's key fingerprint is printed for you to compare\n"
    "  --report  also check that this JSON report is the one the summary names\n"
    "Exit status: 0 valid, 1 changed or not signed by that key, 2 usage or unreadable file.\n";

std::string sha256Hex(const std::string& bytes) {
  unsigned char d[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), d);
  std::string out;
  char buf[3];
  for (unsigned char c : d) {
    std::snprintf(buf, sizeof buf, "%02x", c);
    out += buf;
  }
  return out;
}

}  // namespace

int runConformVerify(int argc, char** argv) {
  std::string file, key, report;
  for (int i = 3; i < argc; ++i) {
    const std::string arg = argv[i];
    if ((arg == "--key" || arg == "--report") && i + 1 < argc) {
      (arg == "--key" ? key : report) = argv[++i];
    } else if (arg == "--help" || arg == "-h") {
      std::cout << kVerifyUsage;
      return 0;
    } else if (file.empty() && arg.rfind("--", 0) != 0) {
      file = arg;
    } else {
      std::cerr << "renkei conform verify: unexpected argument '" << arg << "'\n" << kVerifyUsage;
      return 2;
    }
  }
  if (file.empty()) {
    std::cerr << "renkei conform verify: name the signed summary file\n" << kVerifyUsage;
    return 2;
  }
  try {
    const std::string text = conform::readFile(file);
    const conform::VerifyResult r = conform::verifySummary(text, key);
    if (!r.ok) {
      std::cout << file << ": INVALID: " << r.message << "\n";
      return 1;
    }
    std::cout << file << ": " << r.message << "\n  signer key sha256: " << r.key_fingerprint
              << (key.empty() ? " (no --key given: compare it with the lab's published key)" : "")
              << "\n";
    if (!report.empty()) {
      const std::string want = text.substr(text.find("report-sha256: ") + 15, 64);
      if (sha256Hex(conform::readFile(report)) != want) {
        std::cout << report << ": INVALID: not the report this summary signed (SHA-256 differs)\n";
        return 1;
      }
      std::cout << "  " << report << ": the report this summary signed\n";
    }
    return 0;
  } catch (const conform::ConformInputError& e) {
    std::cerr << "renkei conform verify: " << e.what() << "\n";
    return 2;
  }
}

}  // namespace renkei::cli
