#include "unit_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
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

// --defect wrong-namespace: the body's namespace declaration goes out as ...:v9 instead of
// ...:v1. Same length, so gSOAP's precomputed Content-Length still holds; header and WSDL
// namespaces (…:wsdl, platform) are left alone. The declarations sit on soap:Envelope, in the
// first buffer gSOAP sends, so they are never split across two calls.
int (*g_plain_send)(struct soap*, const char*, size_t) = nullptr;

int sendWrongNamespace(struct soap* soap, const char* data, size_t len) {
  std::string out(data, len);
  static constexpr const char kUnitNs[] = "urn:renkei:unit:";
  for (size_t at = out.find(kUnitNs); at != std::string::npos; at = out.find(kUnitNs, at + 1)) {
    const size_t quote = out.find('"', at);
    if (quote != std::string::npos && quote >= 3 && out.compare(quote - 3, 3, ":v1") == 0)
      out[quote - 1] = '9';
  }
  return g_plain_send(soap, out.data(), out.size());
}

// --defect no-fault-on-invalid: an element the schema does not allow is skipped instead of
// refused. Strict mode stays on for everything else (a wrong end tag is still a fault).
int ignoreUnknownElement(struct soap*, const char*) { return SOAP_OK; }

// gSOAP's generated soap_serve, with one hook: under --defect soap-version-mismatch a fault to
// a SOAP 1.2 request is sent as SOAP 1.1.
int serveRequests(struct soap* soap) {
  soap->keep_alive = soap->max_keep_alive + 1;
  do {
    if (soap->keep_alive > 0 && soap->max_keep_alive > 0) soap->keep_alive--;
    if (soap_begin_serve(soap)) {
      if (soap->error >= SOAP_STOP) continue;
      return soap->error;
    }
    if ((soap_serve_request(soap) || (soap->fserveloop && soap->fserveloop(soap))) && soap->error &&
        soap->error < SOAP_STOP) {
      if (hasDefect("soap-version-mismatch") && soap->version == 2) {
        const int error = soap->error;
        soap_set_version(soap, 1);
        // Reading the request recorded its envelope URI as the one to write; forget it so
        // the 1.1 namespace soap_set_version chose is what goes out.
        for (int i = 0; i < 2 && soap->local_namespaces != nullptr; ++i) {
          std::free(const_cast<char*>(soap->local_namespaces[i].out));
          soap->local_namespaces[i].out = nullptr;
        }
        soap->error = error;
      }
      return soap_send_fault(soap);
    }
  } while (soap->keep_alive);
  return SOAP_OK;
}

void serveConnection(struct soap* conn) {
  serveRequests(conn);  // loops over the requests of one keep-alive connection
  soap_destroy(conn);
  soap_end(conn);
  soap_free(conn);
  g_active.fetch_sub(1);
}

}  // namespace

int runUnitServer(const UnitOptions& options) {
  setUnitOptions(options);
  installSignalHandlers();

  // SOAP_XML_STRICT: a request with an element its schema does not allow, or without one it
  // requires, is refused with a Client fault instead of being half-read.
  struct soap* master =
      soap_new1(SOAP_IO_KEEPALIVE | SOAP_C_UTFSTRING | SOAP_XML_INDENT | SOAP_XML_STRICT);
  if (hasDefect("no-fault-on-invalid")) master->fignore = ignoreUnknownElement;
  if (hasDefect("wrong-namespace")) {
    g_plain_send = master->fsend;
    master->fsend = sendWrongNamespace;
  }
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
    soap_destroy(master);  // the fault soap_bind recorded is a managed object of its own
    soap_end(master);
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
  if (request->Receiver != options.unit_id) {
    const std::string reason = "Receiver " + request->Receiver.substr(0, 64) +
                               " is not this unit (" + options.unit_id + ")";
    // gSOAP keeps the pointer until the fault is sent: copy into its managed memory.
    return soap_sender_fault(soap, soap_strdup(soap, reason.c_str()), nullptr);
  }

  auto* reply = soap_new_hdr__PlatformHeader(soap);
  reply->MessageId = newUuid();
  if (!hasDefect("missing-correlation")) {
    reply->CorrelationId = soap_new_std__string(soap);
    *reply->CorrelationId = request->MessageId;
  }
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
