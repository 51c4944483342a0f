// renkei conform: loads cases and data sets, runs them against the unit with progress on the
// terminal, writes the reports. The harness itself lives in broker/conform/.
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "broker/cli/commands.h"
#include "broker/cli/conform_args.h"
#include "broker/cli/output_file.h"
#include "broker/config/config_loader.h"
#include "broker/conform/case_loader.h"
#include "broker/conform/receiver_runner.h"
#include "broker/conform/reports.h"
#include "broker/conform/runner.h"
#include "broker/conform/signed_summary.h"

namespace renkei::cli {
namespace {

namespace fs = std::filesystem;
using namespace renkei::conform;

void printProgress(const CaseResult& r) {
  const char* tag = r.verdict == Verdict::kPass   ? "PASS"
                    : r.verdict == Verdict::kFail ? "FAIL"
                                                  : "SKIP";
  std::printf("  %s  %-9s %s (%ld ms)\n", tag, r.spec.id.c_str(), r.spec.title.c_str(),
              static_cast<long>(r.elapsed_ms));
  if (r.verdict == Verdict::kSkip) std::printf("        not applicable: %s\n", r.reason.c_str());
  if (r.verdict == Verdict::kFail) {
    for (const std::string& p : r.problems) std::printf("        %s\n", p.c_str());
  }
  std::fflush(stdout);
}

void listCases(const std::vector<ConformCase>& cases) {
  for (const ConformCase& c : cases) {
    std::cout << c.id << "  " << c.title << "\n    " << c.rule_source << " (" << c.rule_ref
              << ")\n";
  }
}

bool writeReports(const ConformArgs& a, const RunSummary& summary) {
  bool ok = true;
  if (a.junit) ok &= writeFileAtomically(*a.junit, junitReport(summary), "renkei conform");
  const std::string json = jsonReport(summary);
  if (a.json) ok &= writeFileAtomically(*a.json, json, "renkei conform");
  if (a.html) ok &= writeFileAtomically(*a.html, htmlReport(summary), "renkei conform");
  if (a.sign && summary.passed()) {
    const std::string text = signSummary(summaryText(summary, json), *a.sign);
    ok &= writeFileAtomically(a.summary, text, "renkei conform");
    if (ok) std::cout << "Signed summary: " << a.summary << "\n";
  } else if (a.sign) {
    std::cout << "Not signed: a case failed (a signed summary attests a pass).\n";
  }
  return ok;
}

void printSummaryLine(const RunSummary& summary) {
  std::printf("Result: %d passed, %d failed, %d skipped of %zu in %.1f s — %s\n",
              summary.count(Verdict::kPass), summary.count(Verdict::kFail),
              summary.count(Verdict::kSkip), summary.results.size(), summary.elapsed_ms / 1000,
              summary.passed() ? "PASS" : "FAIL");
  std::fflush(stdout);
}

int runReceiver(const ConformArgs& a, const std::vector<ConformCase>& cases,
                const std::vector<ServiceUnderTest>& services, const xml::SchemaSet& schemas) {
  ReceiverOptions options;
  options.host = a.listen_host;
  options.port = a.listen_port;
  options.count = a.count;
  options.wait_ms = a.wait_seconds * 1000;
  options.only = {a.only.begin(), a.only.end()};
  ReceiverProgress progress;
  progress.listening = [&](int port) {
    std::printf("listening on %s:%d as the broker for %zu service(s); waiting for %d request(s)\n",
                a.listen_host.c_str(), port, services.size(), a.count);
    std::fflush(stdout);
  };
  progress.request = [](int n, const std::string& label, const std::vector<std::string>& problems) {
    std::printf("request %d: %s — %s\n", n, label.c_str(),
                problems.empty() ? "conforms, answered" : "refused with a SOAP Fault");
    for (const auto& p : problems) std::printf("        %s\n", p.c_str());
    std::fflush(stdout);
  };
  const RunSummary summary = runAsReceiver(cases, services, schemas, options, progress);
  for (const CaseResult& r : summary.results) printProgress(r);
  printSummaryLine(summary);
  if (!writeReports(a, summary)) return 2;
  return summary.passed() ? 0 : 1;
}

int runSuite(const ConformArgs& a) {
  const fs::path home = defaultConformDir();
  std::vector<fs::path> case_dirs;
  if (a.builtin_cases) case_dirs.push_back(home / "cases");
  for (const auto& d : a.case_dirs) case_dirs.push_back(d);
  const fs::path schema = home / "conform.xsd";
  std::vector<ConformCase> cases = loadCases(case_dirs, schema);
  for (const std::string& id : a.only) {
    bool known = false;
    for (const auto& c : cases) known = known || c.id == id;
    if (!known) throw ConformInputError("--only " + id + ": no case has this ID (see --list)");
  }
  if (a.list) {
    listCases(cases);
    return 0;
  }
  const auto sets = loadDataSets(a.data_dir ? fs::path(*a.data_dir) : home / "data", schema);
  const xml::SchemaSet schemas =
      xml::SchemaSet::loadDirectory(a.xsd_dir ? fs::path(*a.xsd_dir) : fs::path(configSchemaDir()));
  std::vector<ServiceUnderTest> services;
  for (const std::string& spec : a.services) {
    services.push_back(prepareService(sets, spec, a.wsdl));
    checkDataSetBodies(services.back(), schemas);
  }
  if (a.as_receiver) return runReceiver(a, cases, services, schemas);
  RunOptions options;
  options.endpoint = a.endpoint;
  options.soap11 = a.soap != "1.2";
  options.soap12 = a.soap != "1.1";
  options.only = {a.only.begin(), a.only.end()};
  options.timeout_ms = a.timeout_ms;
  std::string current;
  Runner runner(cases, schemas, options);
  RunSummary summary = runner.run(services, [&](const CaseResult& r) {
    if (r.service != current) {
      current = r.service;
      std::printf("%s at %s\n", current.c_str(), a.endpoint.c_str());
    }
    printProgress(r);
  });
  printSummaryLine(summary);
  if (!writeReports(a, summary)) return 2;
  return summary.passed() ? 0 : 1;
}

}  // namespace

int runConform(int argc, char** argv) {
  if (argc > 2 && std::string(argv[2]) == "verify") return runConformVerify(argc, argv);
  const ConformArgs a = parseConformArgs(argc, argv);
  if (a.help) {
    std::cout << kConformUsage;
    return 0;
  }
  if (!a.error.empty()) {
    std::cerr << "renkei conform: " << a.error << "\n\n" << kConformUsage;
    return 2;
  }
  try {
    return runSuite(a);
  } catch (const ConformInputError& e) {
    std::cerr << "renkei conform: " << e.what() << "\n";
  } catch (const xml::SchemaLoadError& e) {
    std::cerr << "renkei conform: cannot load schemas: " << e.what() << "\n";
  }
  return 2;
}

}  // namespace renkei::cli
