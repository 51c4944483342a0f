#include "adapters/mynumber/network_listener.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdio>
#include <stdexcept>
#include <thread>

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

// One request per connection, and only NetJohoTeikyo: the business operations are the
// broker's to call, on the unit port.
void serveOne(struct soap* conn) {
  if (soap_ssl_accept(conn) != SOAP_OK) {
    std::fprintf(
        stderr, "renkei-mynumber-gateway: network listener: refused a TLS connection from %s: %s\n",
        conn->host, maskMyNumbers(tlsFailure(conn)).c_str());
    release(conn);
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
  release(conn);
}

void acceptLoop(struct soap* master) {
  for (;;) {
    if (!soap_valid_socket(soap_accept(master))) continue;
    struct soap* conn = soap_copy(master);
    if (conn == nullptr) continue;
    std::thread(serveOne, conn).detach();
  }
}

}  // namespace

void startNetworkListener(const std::string& host, int port, const NetworkTlsFiles& files) {
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
               "certificates of %s\n",
               host.c_str(), boundPort(master->master), files.ca.c_str());
  std::thread(acceptLoop, master).detach();
}

bool fromNetworkListener(const struct soap* soap) { return soap->user == &g_network_listener_tag; }

}  // namespace renkei::mynumber
