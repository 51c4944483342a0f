#pragma once
// Times in the gateway's records and answers are Japan's (JST, +09:00): the 情報提供等記録 is read
// by residents and by the municipality, both on Japan's clock.
#include <chrono>
#include <string>

namespace renkei::mynumber {

// "2026-12-02T14:03:11+09:00"
std::string jstDateTimeOf(std::chrono::system_clock::time_point at);
inline std::string jstDateTimeNow() { return jstDateTimeOf(std::chrono::system_clock::now()); }

}  // namespace renkei::mynumber
