#pragma once
// libpq calls with a deadline. libpq's blocking calls wait as long as the server keeps the TCP
// connection open, and a stopped (SIGSTOP) or wedged server keeps it open forever: the kernel
// still acknowledges, so neither keepalives nor tcp_user_timeout fire, and statement_timeout is
// enforced by the very process that is stopped. Only the client can bound that wait.
#include <chrono>
#include <string>

struct pg_conn;
struct pg_result;

namespace renkei {

using PgClock = std::chrono::steady_clock;

// Connects without blocking past `until` (libpq's connect_timeout applies only to its blocking
// connect). Returns the connection, or nullptr with `error` set (the connection is freed).
pg_conn* pgConnectUntil(const char* const* keywords, const char* const* values,
                        PgClock::time_point until, std::string& error);

// Waits for the result of a query sent with PQsendQuery*. Returns the first error result if any
// statement failed, else the last result (what PQexec returns), or nullptr on a lost connection.
// Sets `timed_out` when `until` passed first; the connection is then unusable (a half-read
// answer may still arrive) and the caller must close it.
pg_result* pgAwaitResult(pg_conn* conn, PgClock::time_point until, bool& timed_out);

// True when an idle connection's socket has something to read or is closed: the server sent a
// termination notice or went away (restart, failover) while it sat in the pool.
bool pgIdleConnectionLost(pg_conn* conn);

}  // namespace renkei
