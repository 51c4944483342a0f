#include "adapters/mynumber/network_listener.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <functional>
#include <stdexcept>
#include <thread>

#include "adapters/mynumber/connection_slots.h"
#include "adapters/mynumber/socket_deadline.h"
#include "broker/core/my_number.h"
#include "soapH.h"

namespace renkei::mynumber {
namespace {

// soap->user of a connection accepted here; the unit port leaves it null.
int g_network_listener_tag = 0;

int boundPort(SOAP_SOCKET sock) {
  sockaddr_in addr{};
  socklen_t len = sizeof addr;
  if (getsockname(sock, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return -1;
  return ntohs(addr.sin_port);
}

void release(struct soap* conn) {
  soap_destroy(conn);
  soap_end(conn);
  soap_free(conn);
}

// What the accept loop and the connections' threads share; lives as long as the process.
struct Listener {
  Listener(struct soap* bound, const NetworkListenerLimits& limits)
      : master(bound),
        slots(limits.max_connections, limits.max_per_peer),
        deadline(limits.request_timeout_ms) {}
  struct soap* master;
  ConnectionSlots slots;
  const std::chrono::milliseconds deadline;  // for each connection, all of it
};

Listener* g_listener = nullptr;  // the one startNetworkListener made

// One request per connection, and only NetJohoTeikyo: the business operations are the
// broker's to call, on the unit port.
void serveOne(struct soap* conn) {
  if (soap_ssl_accept(conn) != SOAP_OK) {
    std::fprintf(
        stderr, "renkei-mynumber-gateway: network listener: refused a TLS connection from %s: %s\n",
        conn->host, maskMyNumbers(tlsFailure(conn)).c_str());
    return;
  }
  conn->user = &g_network_listener_tag;
  if (soap_begin_serve(conn) == SOAP_OK) {
    if (soap_peek_element(conn) == SOAP_OK &&
        !soap_match_tag(conn, conn->tag, "mnn:NetJohoTeikyoRequest")) {
      // The operation sends its answer; a refusal is left for us to send, as soap_serve does.
      if (soap_serve___mnnsvc__NetJohoTeikyo(conn) != SOAP_OK && conn->error != SOAP_OK &&
          conn->error < SOAP_STOP)
        soap_send_fault(conn);
    } else {
      soap_sender_fault(conn, "the network listener serves NetJohoTeikyo (情報提供) only", nullptr);
      soap_send_fault(conn);
    }
  }
}

// A connection's thread: serves it under the whole-connection deadline, then frees its slot.
void serveAndRelease(Listener& listener, struct soap* conn, std::string peer) {
  SocketDeadline deadline(conn->socket, listener.deadline);
  serveOne(conn);
  if (deadline.release()) {
    std::fprintf(stderr,
                 "renkei-mynumber-gateway: network listener: the connection from %s was cut at "
                 "its deadline (%lld ms for handshake, request and answer)\n",
                 peer.c_str(), static_cast<long long>(listener.deadline.count()));
  }
  release(conn);
  listener.slots.give(peer);
}

// Says at most once every 10 s what happened meanwhile, with how often.
class ThrottledNote {
 public:
  // True when a line is due now; `count` then says how many times it happened since the last.
  bool due(long& count) {
    ++happened_;
    const auto now = std::chrono::steady_clock::now();
    if (now < next_) return false;
    next_ = now + std::chrono::seconds(10);
    count = happened_;
    happened_ = 0;
    return true;
  }

 private:
  long happened_ = 0;
  std::chrono::steady_clock::time_point next_{};
};

void acceptLoop(Listener& listener) {
  struct soap* master = listener.master;
  ThrottledNote out_of_descriptors, past_share;
  for (;;) {
    listener.slots.waitForFree();
    if (!soap_valid_socket(soap_accept(master))) {
      const int error = master->errnum != 0 ? master->errnum : errno;
      long count = 0;
      if (error == EMFILE || error == ENFILE) {
        if (out_of_descriptors.due(count))
          std::fprintf(stderr,
                       "renkei-mynumber-gateway: network listener: out of file descriptors (%ld "
                       "times); new connections wait in the backlog\n",
                       count);
        // Accepting again at once would fail again at once: the loop used to spin a core.
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
      continue;
    }
    const std::string peer = master->host;
    if (!listener.slots.take(peer)) {
      ::close(master->socket);
      master->socket = SOAP_INVALID_SOCKET;
      long count = 0;
      if (past_share.due(count))
        std::fprintf(stderr,
                     "renkei-mynumber-gateway: network listener: %ld connections past their "
                     "address's share of %d closed at once since the last note (the latest from "
                     "%s)\n",
                     count, listener.slots.maxPerPeer(), peer.c_str());
      continue;
    }
    struct soap* conn = soap_copy(master);
    master->socket = SOAP_INVALID_SOCKET;  // the copy owns it now
    if (conn == nullptr) {
      listener.slots.give(peer);
      continue;
    }
    std::thread(serveAndRelease, std::ref(listener), conn, peer).detach();
  }
}

}  // namespace

void startNetworkListener(const std::string& host, int port, const NetworkTlsFiles& files,
                          const NetworkListenerLimits& limits) {
  struct soap* master = soap_new1(SOAP_C_UTFSTRING | SOAP_XML_STRICT);
  soap_set_namespaces(master, namespaces);
  master->bind_flags = SO_REUSEADDR;
  master->recv_timeout = 15;
  master->send_timeout = 15;
  master->accept_timeout = 0;
  std::string failure;
  if (const std::string error = useServerTls(master, files); !error.empty())
    failure = "network TLS: " + error;
  else if (!soap_valid_socket(soap_bind(master, host.c_str(), port, 64)))
    failure = "the network listener cannot listen on " + host + ":" + std::to_string(port);
  if (!failure.empty()) {
    soap_destroy(master);
    soap_end(master);
    soap_free(master);
    throw std::runtime_error(failure);
  }
  // On stderr: stdout's first line is the unit port's, which the scripts and tests read.
  std::fprintf(stderr,
               "renkei-mynumber-gateway: network side (情報提供) on https://%s:%d/ with client "
               "certificates of %s; at most %d connections (%d per address), %d ms each\n",
               host.c_str(), boundPort(master->master), files.ca.c_str(), limits.max_connections,
               limits.max_per_peer, limits.request_timeout_ms);
  // Never freed: the accept loop and the connections' threads use it until the process ends
  // (a global, so leak checkers see it reachable).
  g_listener = new Listener(master, limits);
  std::thread(acceptLoop, std::ref(*g_listener)).detach();
}

bool fromNetworkListener(const struct soap* soap) { return soap->user == &g_network_listener_tag; }

}  // namespace renkei::mynumber
