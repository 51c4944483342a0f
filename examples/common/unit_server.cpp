#include "unit_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <thread>

#include "soapH.h"
#include "soap_version.h"
#include "uuid.h"

namespace renkei::examples {
namespace {

std::atomic<bool> g_stop{false};
std::atomic<int> g_active{0};
constexpr int kMaxConnections = 64;
constexpr int kIdleSeconds = 15;      // keep-alive idle limit and per-read/write limit
constexpr int kTransferSeconds = 60;  // whole-message limit: a trickling client cannot hold on

extern "C" void onSignal(int) { g_stop.store(true); }

void installSignalHandlers() {
  struct sigaction sa {};
  sa.sa_handler = onSignal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: accept() must return so the loop sees the flag
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
}

int boundPort(SOAP_SOCKET sock) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (getsockname(sock, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return -1;
  if (addr.ss_family == AF_INET) return ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
  if (addr.ss_family == AF_INET6) return ntohs(reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port);
  return -1;
}

void serveConnection(struct soap* conn) {
  soap_serve(conn);  // loops over the requests of one keep-alive connection
  soap_destroy(conn);
  soap_end(conn);
  soap_free(conn);
  g_active.fetch_sub(1);
}

}  // namespace

int runUnitServer(const UnitOptions& options) {
  setUnitOptions(options);
  installSignalHandlers();

  struct soap* master = soap_new1(SOAP_IO_KEEPALIVE | SOAP_C_UTFSTRING | SOAP_XML_INDENT);
  soap_set_namespaces(master, namespacesForVersion(namespaces, 1));  // 1.1 first, 1.2 accepted
  master->bind_flags = SO_REUSEADDR;
  master->accept_timeout = -200000;  // usec: wake up 5 times a second to check for SIGTERM
  master->recv_timeout = kIdleSeconds;
  master->send_timeout = kIdleSeconds;
  master->transfer_timeout = kTransferSeconds;
  master->max_keep_alive = 1000;
  master->recv_maxlength = 4 * 1024 * 1024;

  if (!soap_valid_socket(soap_bind(master, options.host.c_str(), options.port, 128))) {
    std::fprintf(stderr, "cannot listen on %s:%d: ", options.host.c_str(), options.port);
    soap_print_fault(master, stderr);
    soap_free(master);
    return 1;
  }
  std::printf("listening on %s:%d\n", options.host.c_str(), boundPort(master->master));
  std::fflush(stdout);

  while (!g_stop.load()) {
    SOAP_SOCKET sock = soap_accept(master);
    if (!soap_valid_socket(sock)) {
      if (master->errnum != 0 && !g_stop.load()) {
        soap_print_fault(master, stderr);
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
      continue;  // timeout or signal: re-check the stop flag
    }
    while (g_active.load() >= kMaxConnections && !g_stop.load())
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    struct soap* conn = soap_copy(master);
    master->socket = SOAP_INVALID_SOCKET;  // now owned by conn
    if (conn == nullptr) {
      soap_closesock(master);
      continue;
    }
    g_active.fetch_add(1);
    std::thread(serveConnection, conn).detach();
  }

  // Stop accepting, give in-flight exchanges up to a second, then leave.
  soap_closesocket(master->master);
  master->master = SOAP_INVALID_SOCKET;
  for (int i = 0; i < 10 && g_active.load() > 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  if (g_active.load() > 0) {
    std::fflush(nullptr);
    std::_Exit(0);  // idle keep-alive connections still open: do not wait for their timeout
  }
  soap_destroy(master);
  soap_end(master);
  soap_free(master);
  return 0;
}

int beginReply(struct soap* soap) {
  const UnitOptions& options = unitOptions();
  if (options.delay_ms > 0)
    std::this_thread::sleep_for(std::chrono::milliseconds(options.delay_ms));

  const hdr__PlatformHeader* request =
      soap->header != nullptr ? soap->header->hdr__PlatformHeader_ : nullptr;
  if (request == nullptr)
    return soap_sender_fault(soap, "PlatformHeader (urn:renkei:platform:header:v1) is required",
                             nullptr);

  auto* reply = soap_new_hdr__PlatformHeader(soap);
  reply->MessageId = newUuid();
  reply->CorrelationId = soap_new_std__string(soap);
  *reply->CorrelationId = request->MessageId;
  reply->Sender = request->Receiver;
  reply->Receiver = request->Sender;
  reply->ServiceName = request->ServiceName;
  reply->ServiceVersion = request->ServiceVersion;
  reply->PurposeCode = request->PurposeCode;
  if (request->UserId != nullptr) {
    reply->UserId = soap_new_std__string(soap);
    *reply->UserId = *request->UserId;
  }
  if (request->CaseReference != nullptr) {
    reply->CaseReference = soap_new_std__string(soap);
    *reply->CaseReference = *request->CaseReference;
  }
  reply->Timestamp = std::time(nullptr);
  reply->ProtocolVersion = "1.0";

  soap->header = soap_new_SOAP_ENV__Header(soap);
  soap->header->hdr__PlatformHeader_ = reply;
  return SOAP_OK;
}

}  // namespace renkei::examples
