// validate_bench: what bare Xerces validation costs, with the broker's own grammar pool and
// hardened parser, so bench/run.sh can put the broker's CPU per exchange next to it.
//
//   validate_bench [--xsd DIR] [--threads N] [--seconds S] NAME=FILE...
//
// For each document in turn, N threads each parse and validate it in a loop for S seconds
// (HardenedParser::forThisThread over one SchemaSet::loadDirectory pool, as the pipeline does).
// One line per document:
//   doc=NAME bytes=B threads=N seconds=S docs=D mb_per_s=X us_per_doc=Y cpu_us_per_doc=Z
// mb_per_s is the aggregate over all threads (10^6 bytes, wall clock); us_per_doc is one
// thread's wall time for one document; cpu_us_per_doc its CPU time (CLOCK_THREAD_CPUTIME_ID),
// which is what to compare with the broker's CPU per exchange on a shared, loaded machine. A
// document that is not valid is an error (exit 1): timing a refusal would measure the wrong path.
//
// Each document is also timed with a plain XercesDOMParser on the same pool and settings
// (doc=NAME:plain): the difference is what the broker's own parser wrapper adds (limits,
// issue collection, element paths) on top of Xerces itself; and with that parser not
// validating (doc=NAME:noval): the difference is what schema validation itself costs; and with
// the validating streaming scan that builds no DOM (doc=NAME:scan, EnvelopeScanner), which the
// broker gives every receiver's answer and every request it does not need a DOM of.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <xercesc/framework/MemBufInputSource.hpp>
#include <xercesc/parsers/XercesDOMParser.hpp>
#include <xercesc/sax/HandlerBase.hpp>

#include "broker/xml/envelope_scanner.h"
#include "broker/xml/hardened_parser.h"
#include "broker/xml/schema_set.h"
#include "broker/xml/xerces_runtime.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Document {
  std::string name;
  std::string bytes;
};

int usage() {
  std::cerr << "usage: validate_bench [--xsd DIR] [--threads N] [--seconds S] NAME=FILE...\n";
  return 2;
}

// Returns an empty string when `bytes` parses and validates cleanly, else what went wrong.
std::string problemWith(const renkei::xml::SchemaSet& schemas, const std::string& bytes) {
  auto& parser = renkei::xml::HardenedParser::forThisThread(schemas, {});
  auto result = parser.parse(bytes);
  if (!result.ok()) return result.fault->reason;
  if (!result.document->issues().empty()) {
    const auto& issue = result.document->issues().front();
    return issue.element_path + ": " + issue.message;
  }
  return {};
}

namespace xc = XERCES_CPP_NAMESPACE;

// Counts validation errors instead of throwing (HandlerBase throws on fatal errors only).
class CountingErrors : public xc::HandlerBase {
 public:
  void error(const xc::SAXParseException&) override { ++errors; }
  int errors = 0;
};

// XercesDOMParser with HardenedParser's validation settings, none of its guards.
class PlainParser {
 public:
  PlainParser(const renkei::xml::SchemaSet& schemas, bool validate)
      : parser_(nullptr, xc::XMLPlatformUtils::fgMemoryManager, schemas.pool().get()) {
    parser_.setDoNamespaces(true);
    parser_.setDoSchema(validate);
    parser_.setValidationScheme(validate ? xc::XercesDOMParser::Val_Always
                                         : xc::XercesDOMParser::Val_Never);
    parser_.setValidationSchemaFullChecking(false);
    parser_.useCachedGrammarInParse(true);
    parser_.cacheGrammarFromParse(false);
    parser_.setLoadSchema(false);
    parser_.setLoadExternalDTD(false);
    parser_.setCreateCommentNodes(false);
    parser_.setIncludeIgnorableWhitespace(false);
    parser_.setErrorHandler(&errors_);
  }
  bool parse(const std::string& bytes) {
    errors_.errors = 0;
    xc::MemBufInputSource source(reinterpret_cast<const XMLByte*>(bytes.data()), bytes.size(),
                                 "bench", false);
    try {
      parser_.parse(source);
    } catch (...) {
      return false;
    }
    return errors_.errors == 0 && parser_.getErrorCount() == 0;
  }

 private:
  xc::XercesDOMParser parser_;
  CountingErrors errors_;
};

double threadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

struct Totals {
  long docs = 0;
  double cpu_seconds = 0;
};

// N threads parse `doc` until `seconds` have passed; returns the documents parsed in total and
// the CPU time the threads spent.
template <typename MakeParser>
Totals runThreads(const Document& doc, int threads, double seconds, MakeParser make_parser) {
  std::atomic<long> total{0};
  std::atomic<long> cpu_ns{0};
  std::atomic<bool> failed{false};
  const auto end = Clock::now() + std::chrono::duration<double>(seconds);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      auto parse = make_parser();
      const double cpu_start = threadCpuSeconds();
      long done = 0;
      // The clock is read every 16 documents: cheap next to a parse, fine-grained enough.
      while ((done & 15) != 0 || Clock::now() < end) {
        if (!parse(doc.bytes)) failed = true;
        ++done;
      }
      total += done;
      cpu_ns += static_cast<long>((threadCpuSeconds() - cpu_start) * 1e9);
    });
  }
  for (auto& w : workers) w.join();
  if (failed) {
    std::cerr << "validate_bench: " << doc.name << " failed to parse under load\n";
    std::exit(1);
  }
  return {total.load(), static_cast<double>(cpu_ns.load()) / 1e9};
}

template <typename MakeParser>
void measure(const Document& doc, const std::string& name, int threads, double seconds,
             MakeParser make_parser) {
  runThreads(doc, threads, std::min(seconds, 0.2), make_parser);  // warm caches, allocators
  const auto start = Clock::now();
  const Totals totals = runThreads(doc, threads, seconds, make_parser);
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  const auto parsed = static_cast<double>(totals.docs);
  std::printf(
      "doc=%s bytes=%zu threads=%d seconds=%.2f docs=%ld mb_per_s=%.2f us_per_doc=%.2f "
      "cpu_us_per_doc=%.2f\n",
      name.c_str(), doc.bytes.size(), threads, elapsed, totals.docs,
      parsed * static_cast<double>(doc.bytes.size()) / elapsed / 1e6,
      elapsed * 1e6 * threads / parsed, totals.cpu_seconds * 1e6 / parsed);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  std::string xsd_dir = RENKEI_SOURCE_DIR "/xsd";
  int threads = 2;
  double seconds = 5;
  std::vector<Document> docs;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--xsd" && i + 1 < argc) {
      xsd_dir = argv[++i];
    } else if (arg == "--threads" && i + 1 < argc) {
      threads = std::atoi(argv[++i]);
    } else if (arg == "--seconds" && i + 1 < argc) {
      seconds = std::atof(argv[++i]);
    } else if (auto eq = arg.find('='); eq != std::string::npos && arg[0] != '-') {
      std::ifstream in(arg.substr(eq + 1), std::ios::binary);
      if (!in) {
        std::cerr << "validate_bench: cannot read " << arg.substr(eq + 1) << "\n";
        return 1;
      }
      std::ostringstream text;
      text << in.rdbuf();
      docs.push_back({arg.substr(0, eq), text.str()});
    } else {
      return usage();
    }
  }
  if (docs.empty() || threads < 1 || seconds <= 0) return usage();

  renkei::xml::ensureXercesInitialized();
  try {
    const auto schemas = renkei::xml::SchemaSet::loadDirectory(xsd_dir);
    for (const auto& doc : docs) {
      if (auto problem = problemWith(schemas, doc.bytes); !problem.empty()) {
        std::cerr << "validate_bench: " << doc.name << " is not valid: " << problem << "\n";
        return 1;
      }
      // The pipeline's parser, as the broker uses it on each worker thread.
      auto hardened = [&schemas] {
        return [&schemas](const std::string& bytes) {
          return renkei::xml::HardenedParser::forThisThread(schemas, {}).parse(bytes).ok();
        };
      };
      auto plain = [&schemas](bool validate) {
        return [&schemas, validate] {
          auto parser = std::make_shared<PlainParser>(schemas, validate);
          return [parser](const std::string& bytes) { return parser->parse(bytes); };
        };
      };
      measure(doc, doc.name, threads, seconds, hardened);
      measure(doc, doc.name + ":plain", threads, seconds, plain(true));
      measure(doc, doc.name + ":noval", threads, seconds, plain(false));
      // The streaming check the pipeline gives a receiver's answer: validated, no DOM built.
      auto scan = [&schemas] {
        return [&schemas](const std::string& bytes) {
          const auto scanned = renkei::xml::EnvelopeScanner::forThisThread(schemas, {}).scan(bytes);
          return !scanned.fault && scanned.issues.empty();
        };
      };
      measure(doc, doc.name + ":scan", threads, seconds, scan);
    }
  } catch (const renkei::xml::SchemaLoadError& e) {
    std::cerr << "validate_bench: cannot load schemas from " << xsd_dir << ": " << e.what() << "\n";
    return 1;
  }
  return 0;
}
