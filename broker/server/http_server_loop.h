#pragma once
// The event loop behind HttpServer, private to the server. One thread owns every connection;
// the worker pool runs whole requests and hands replies back through `done_` and the wake fd.
// Its parts live in two files: http_server_loop.cpp (lifecycle, accepting, events, TLS
// handshakes, deadlines, closing) and http_server_requests.cpp (reading, parsing, dispatching
// to workers, writing replies).
#include <sys/socket.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "broker/server/http_connection.h"
#include "broker/server/http_server.h"
#include "broker/server/reply_gate.h"
#include "broker/server/worker_pool.h"

namespace renkei {

int64_t loopNowMs();

class HttpServer::Loop {
 public:
  Loop(const HttpServerOptions& options, RequestHandler& handler);
  ~Loop();

  void start();
  void stop();
  int port() const { return port_; }
  HttpServerStats& stats() { return stats_; }

 private:
  struct Completion {
    uint64_t id;
    HttpReply reply;
    bool keep_alive;
  };

  // http_server_loop.cpp
  void add(int fd, uint64_t id, uint32_t events);
  void wake();
  void run();
  HttpConnection* find(uint64_t id);
  void acceptAll();
  // Out of descriptors: refuses one waiting caller with the spare descriptor. False when that
  // was not possible (the spare is gone: another thread took the descriptor it freed), and the
  // listener is then paused for a moment (resumeAccepting).
  bool refuseWithSpare();
  void pauseAccepting(int64_t now);
  void resumeAccepting(int64_t now);
  void refuseConnection(int fd);
  void onEvent(HttpConnection& conn, uint32_t events);
  void continueHandshake(HttpConnection& conn);
  void logHandshakeFailure(const HttpConnection& conn);
  void sweep(int64_t now);
  template <typename Predicate>
  void closeWhere(Predicate predicate);
  void close(HttpConnection& conn);
  // Runs one connection's event handling; an exception closes that connection, not the loop.
  template <typename Handling>
  void guarded(uint64_t id, Handling handling);

  // http_server_requests.cpp
  void readAndParse(HttpConnection& conn);
  // True when the request is not whole yet (and the connection is still open): more must be read.
  bool parseAndDispatch(HttpConnection& conn);
  void sendContinue(HttpConnection& conn);
  void dispatch(HttpConnection& conn, HttpRequest request, bool keep_alive);
  static std::string bodyProgress(const HttpConnection& conn);
  void dispatchRefusal(HttpConnection& conn, FaultCode code, const std::string& reason);
  void dispatchRefusal(HttpConnection& conn, FaultCode code, const std::string& reason,
                       HttpRequest request, bool keep_alive);
  template <typename Work>
  void enqueue(HttpConnection& conn, HttpRequest request, bool keep_alive, Work work);
  // Runs `work(request, done)`; when it throws, answers `done` Server.Internal itself.
  template <typename Work>
  static void guardedWork(HttpRequest& request, Work& work, const RequestHandler::ReplyDone& done);
  void complete(uint64_t id, HttpReply reply, bool keep_alive);
  void drainCompletions();
  void writeReply(HttpConnection& conn, HttpReply reply, bool keep_alive);
  void flush(HttpConnection& conn);
  void finishWrite(HttpConnection& conn);
  HttpRequest requestFrom(http::Request&& parsed, const HttpConnection& conn) const;

  const HttpServerOptions& options_;
  RequestHandler& handler_;
  const http::ParserLimits limits_;
  HttpServerStats stats_;
  int listen_fd_ = -1;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  int spare_fd_ = -1;
  // While out of descriptors with no spare, the listener leaves epoll until then (0: it is in).
  int64_t accept_paused_until_ms_ = 0;
  int64_t out_of_descriptors_logged_ms_ = 0;  // a line every 10 s at most while it lasts
  int port_ = 0;
  uint64_t next_id_ = 2;
  int64_t last_tls_log_ms_ = 0;  // handshake failures are logged once a second at most
  int64_t tls_failures_unlogged_ = 0;
  std::unordered_map<uint64_t, std::unique_ptr<HttpConnection>> conns_;
  std::unordered_map<std::string, int> per_peer_;
  std::vector<uint64_t> pending_reads_;
  std::mutex done_mutex_;
  std::vector<Completion> done_;  // guarded by done_mutex_
  std::unique_ptr<WorkerPool> pool_;
  // Replies made after the worker moved on (audit settled on the writer's thread) come back
  // through it; stop() waits for them.
  std::shared_ptr<ReplyGate> replies_;
  std::atomic<bool> accepting_{false};
  std::atomic<bool> running_{false};
  std::thread thread_;
};

}  // namespace renkei
