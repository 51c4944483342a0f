#pragma once
// The run as files a lab keeps: JUnit XML for CI systems, JSON for tools, a self-contained HTML
// page for people. All three are built from the same RunSummary.
#include <string>

#include "broker/conform/case_result.h"

namespace renkei::conform {

// One <testsuite> per service, one <testcase> per case (classname = service, name = ID title);
// failures carry the reason and every problem, skips the reason.
std::string junitReport(const RunSummary& summary);
std::string jsonReport(const RunSummary& summary);
std::string htmlReport(const RunSummary& summary);

// Bodies above this many bytes are shortened in reports (the large-message case sends ~4 MB).
inline constexpr size_t kReportBodyLimit = 64 * 1024;
std::string shortened(const std::string& body);

}  // namespace renkei::conform
