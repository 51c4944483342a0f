#pragma once
// A web view login as the store keeps it (broker/admin/web_session.h): keyed by the SHA-256 of
// its token, never the token, so whoever reads the database (a backup, a DBA) cannot log in
// with what they read. Kept in the store so a broker restart, or another broker behind the same
// load balancer, does not log anyone out.
#include <cstdint>
#include <string>

namespace renkei {

struct WebSessionRow {
  std::string token_sha256;  // 64 hex digits
  std::string user;          // AdminUser::name
  int64_t created_ms = 0;    // Unix epoch milliseconds
  int64_t last_used_ms = 0;  // the idle timeout counts from here
};

}  // namespace renkei
