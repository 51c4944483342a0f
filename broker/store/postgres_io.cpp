#include "broker/store/postgres_io.h"

#include <libpq-fe.h>
#include <poll.h>

#include <algorithm>
#include <cerrno>

namespace renkei {
namespace {

// False when `until` passed before the socket became ready.
bool waitSocket(pg_conn* conn, bool for_write, PgClock::time_point until) {
  pollfd fd{};
  fd.fd = PQsocket(conn);
  fd.events = for_write ? POLLOUT : POLLIN;
  if (fd.fd < 0) return true;  // libpq reports the broken connection itself
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - PgClock::now());
    if (left.count() <= 0) return false;
    const int ms = static_cast<int>(std::min<long long>(left.count() + 1, 60'000));
    const int ready = ::poll(&fd, 1, ms);
    if (ready > 0) return true;
    if (ready < 0 && errno != EINTR) return true;
  }
}

}  // namespace

pg_conn* pgConnectUntil(const char* const* keywords, const char* const* values,
                        PgClock::time_point until, std::string& error) {
  pg_conn* conn = PQconnectStartParams(keywords, values, /*expand_dbname=*/1);
  if (conn == nullptr) {
    error = "out of memory";
    return nullptr;
  }
  PostgresPollingStatusType status = PGRES_POLLING_WRITING;
  while (PQstatus(conn) != CONNECTION_BAD && status != PGRES_POLLING_OK &&
         status != PGRES_POLLING_FAILED) {
    if (!waitSocket(conn, status == PGRES_POLLING_WRITING, until)) {
      error = "timed out waiting for the server to accept the connection";
      PQfinish(conn);
      return nullptr;
    }
    status = PQconnectPoll(conn);
  }
  if (PQstatus(conn) != CONNECTION_OK) {
    error = PQerrorMessage(conn);
    PQfinish(conn);
    return nullptr;
  }
  return conn;
}

pg_result* pgAwaitResult(pg_conn* conn, PgClock::time_point until, bool& timed_out) {
  timed_out = false;
  pg_result* kept = nullptr;
  for (;;) {
    while (PQisBusy(conn) != 0) {
      if (!waitSocket(conn, /*for_write=*/false, until)) {
        timed_out = true;
        PQclear(kept);
        return nullptr;
      }
      if (PQconsumeInput(conn) == 0) break;  // lost: PQgetResult reports it
    }
    pg_result* next = PQgetResult(conn);
    if (next == nullptr) return kept;
    const bool kept_failed = kept != nullptr && PQresultStatus(kept) != PGRES_COMMAND_OK &&
                             PQresultStatus(kept) != PGRES_TUPLES_OK;
    if (kept_failed) {
      PQclear(next);  // the first error is the one that explains the rest
    } else {
      PQclear(kept);
      kept = next;
    }
    if (PQstatus(conn) == CONNECTION_BAD) return kept;
  }
}

bool pgIdleConnectionLost(pg_conn* conn) {
  if (PQstatus(conn) != CONNECTION_OK) return true;
  pollfd fd{};
  fd.fd = PQsocket(conn);
  fd.events = POLLIN;
  if (fd.fd < 0) return true;
  // An idle connection is sent nothing unless the server is ending it (a FATAL notice, EOF).
  return ::poll(&fd, 1, 0) != 0;
}

}  // namespace renkei
