#include "broker/cli/conform_args.h"

#include <charconv>
#include <string_view>

namespace renkei::cli {

const char* const kConformUsage =
    R"(renkei conform — run a vendor unit (the provider side) through the conformance suite

Usage:
  renkei conform --endpoint URL --service NAME[:VERSION] [--service ...] [options]
  renkei conform --as-receiver --listen [HOST:]PORT --service NAME[:VERSION] [--count N]
                 [--wait SECONDS]                  play the broker towards a vendor's client
  renkei conform --list [--cases DIR]              the cases, without running them
  renkei conform verify SUMMARY --key PUBLIC.pem   check a signed summary (see --sign)

Options:
  --endpoint URL       the unit's SOAP endpoint, e.g. http://127.0.0.1:9101/
  --service N[:V]      a service the unit provides (repeatable); its data set names its WSDL
  --soap 1.1|1.2|both  SOAP versions to test where the WSDL binds them (default both)
  --only ID            run only these cases (repeatable, or comma-separated: RSP-001,BAD-002)
  --cases DIR          more case files (*.xml, conform/conform.xsd), added to the built-in ones
  --no-builtin-cases   only the cases of --cases
  --data DIR           the data sets (default: the built-in conform/data)
  --wsdl FILE          the unit's WSDL instead of the one its data set names
  --xsd DIR            the platform schemas (default: the built-in xsd/)
  --timeout-ms N       per HTTP exchange (default 30000)
  --junit FILE         JUnit XML for CI systems
  --json FILE          every case, exchange and finding as JSON
  --html FILE          a self-contained HTML report (exchanges and what was expected)
  --sign KEY.pem       when every case passed, write a summary signed with the lab's private
                       key (Ed25519 or RSA, PEM); `renkei conform verify` checks it
  --summary FILE       where the signed summary goes (default conform-summary.txt)

As receiver (RCV-* cases): the harness listens where the vendor's client is pointed (instead
of the broker), judges each request it sends — well-formed envelope, Content-Type, SOAPAction,
platform header, body — and answers it: a valid answer from the data set's <answer>, or a
platform SOAP Fault naming the first problem. It stops after --count requests (default 1) or
--wait seconds (default 60); PORT 0 picks a free port and prints it ("listening on ...").

Progress is printed as cases run: PASS, FAIL (with the reason) or SKIP (not applicable, e.g.
a SOAP version the WSDL does not bind). Built-in cases and data sets live in conform/ (set
RENKEI_CONFORM_DIR to move it); a lab adds cases there or with --cases, without rebuilding.

Exit status: 0 every case passed (skips allowed), 1 a case failed, 2 usage or input error
(an input error names the file, line and column).
)";

ConformArgs parseConformArgs(int argc, char** argv) {
  ConformArgs a;
  for (int i = 2; i < argc; ++i) {
    const std::string_view arg = argv[i];
    const auto value = [&]() -> std::optional<std::string> {
      if (i + 1 >= argc) {
        a.error = "option " + std::string(arg) + " needs a value";
        return std::nullopt;
      }
      return std::string(argv[++i]);
    };
    if (arg == "--help" || arg == "-h") {
      a.help = true;
    } else if (arg == "--list") {
      a.list = true;
    } else if (arg == "--as-receiver") {
      a.as_receiver = true;
    } else if (arg == "--listen") {
      if (auto v = value()) {
        const size_t colon = v->rfind(':');
        if (colon != std::string::npos) a.listen_host = v->substr(0, colon);
        const std::string port = colon == std::string::npos ? *v : v->substr(colon + 1);
        auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), a.listen_port);
        if (ec != std::errc() || end != port.data() + port.size() || a.listen_port < 0 ||
            a.listen_port > 65535)
          a.error = "--listen takes [HOST:]PORT (0-65535), not '" + *v + "'";
      }
    } else if (arg == "--count" || arg == "--wait") {
      if (auto v = value()) {
        long n = 0;
        auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
        if (ec != std::errc() || end != v->data() + v->size() || n < 1 || n > 100000)
          a.error = std::string(arg) + " takes a positive number, not '" + *v + "'";
        if (arg == "--count")
          a.count = static_cast<int>(n);
        else
          a.wait_seconds = n;
      }
    } else if (arg == "--no-builtin-cases") {
      a.builtin_cases = false;
    } else if (arg == "--endpoint") {
      if (auto v = value()) a.endpoint = *v;
    } else if (arg == "--service") {
      if (auto v = value()) a.services.push_back(*v);
    } else if (arg == "--soap") {
      if (auto v = value()) a.soap = *v;
      if (a.soap != "1.1" && a.soap != "1.2" && a.soap != "both")
        a.error = "--soap takes 1.1, 1.2 or both, not '" + a.soap + "'";
    } else if (arg == "--only") {
      if (auto v = value()) {
        size_t start = 0;
        while (start <= v->size()) {
          const size_t comma = v->find(',', start);
          const std::string id = v->substr(start, comma - start);
          if (!id.empty()) a.only.push_back(id);
          if (comma == std::string::npos) break;
          start = comma + 1;
        }
      }
    } else if (arg == "--cases") {
      if (auto v = value()) a.case_dirs.push_back(*v);
    } else if (arg == "--data") {
      a.data_dir = value();
    } else if (arg == "--wsdl") {
      a.wsdl = value();
    } else if (arg == "--xsd") {
      a.xsd_dir = value();
    } else if (arg == "--junit") {
      a.junit = value();
    } else if (arg == "--json") {
      a.json = value();
    } else if (arg == "--html") {
      a.html = value();
    } else if (arg == "--sign") {
      a.sign = value();
    } else if (arg == "--summary") {
      if (auto v = value()) a.summary = *v;
    } else if (arg == "--timeout-ms") {
      if (auto v = value()) {
        auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), a.timeout_ms);
        if (ec != std::errc() || end != v->data() + v->size() || a.timeout_ms < 1)
          a.error = "--timeout-ms takes a positive number of milliseconds, not '" + *v + "'";
      }
    } else {
      a.error = "unknown argument '" + std::string(arg) + "'";
    }
    if (!a.error.empty()) return a;
  }
  if (!a.help && !a.list && a.as_receiver) {
    if (a.listen_port < 0)
      a.error = "--as-receiver needs --listen [HOST:]PORT";
    else if (a.services.empty())
      a.error = "at least one --service NAME[:VERSION] is required";
    else if (!a.endpoint.empty())
      a.error = "--endpoint is for providers; not with --as-receiver";
  } else if (!a.help && !a.list) {
    if (a.endpoint.empty())
      a.error = "--endpoint URL is required";
    else if (a.services.empty())
      a.error = "at least one --service NAME[:VERSION] is required";
    else if (a.wsdl && a.services.size() > 1)
      a.error = "--wsdl applies to one --service only";
  }
  return a;
}

}  // namespace renkei::cli
