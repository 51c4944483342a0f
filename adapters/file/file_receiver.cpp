#include "adapters/file/file_receiver.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <ctime>
#include <map>
#include <set>
#include <stdexcept>

#include <xercesc/dom/DOM.hpp>

#include "adapters/file/gaiji_table.h"
#include "adapters/file/layout.h"
#include "adapters/file/message_builder.h"
#include "adapters/file/record_encoder.h"
#include "adapters/file/reject_file.h"
#include "adapters/file/rotating_file.h"
#include "broker/core/utc_timestamp.h"
#include "broker/core/xml_escape.h"
#include "broker/xml/dom_util.h"
#include "broker/xml/hardened_parser.h"
#include "broker/xml/schema_set.h"

namespace renkei::file {
namespace {

using XERCES_CPP_NAMESPACE::DOMElement;

std::atomic<bool> stopping{false};
void onSignal(int) { stopping = true; }

std::string httpAnswer(int status, const std::string& body) {
  return "HTTP/1.1 " + std::to_string(status) + (status == 200 ? " OK" : " Internal Server Error") +
         "\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::string fault(const std::string& reason) {
  return httpAnswer(500,
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><s:Envelope "
                    "xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><s:Fault>"
                    "<faultcode>s:Client</faultcode><faultstring>" +
                        xmlEscape(reason) + "</faultstring></s:Fault></s:Body></s:Envelope>");
}

DOMElement* childNamed(const DOMElement* parent, const std::string& local) {
  for (DOMElement* child : xml::childElements(parent)) {
    if (xml::localName(child) == local) return child;
  }
  return nullptr;
}

struct Connection {
  int fd;
  std::string in;
};

class Receiver {
 public:
  Receiver(const ReceiveOptions& o, std::FILE* out, std::FILE* err)
      : o_(o),
        out_(out),
        err_(err),
        layout_(readLayoutFile(o.layout)),
        gaiji_(o.gaiji.empty() ? GaijiTable{} : GaijiTable::read(o.gaiji)),
        schemas_(xml::SchemaSet::loadDirectory(o.xsd_dir)),
        separator_(layout_.separator == Separator::kCrlf ? "\r\n"
                   : layout_.separator == Separator::kLf ? "\n"
                                                         : ""),
        file_(o.out_dir, o.prefix.empty() ? layout_.name : o.prefix,
              layout_.record_length + separator_.size(),
              RotationPolicy{o.rotate_records, o.rotate_seconds}),
        rejects_(o.rejects.empty() ? o.out_dir + "/rejects.tsv" : o.rejects, "received 通知", "-") {
  }

  int run() {
    if (layout_.message.response.empty()) {
      std::fprintf(err_,
                   "renkei-file receive: %s: <message> has no response attribute (the "
                   "topic's acknowledgement element)\n",
                   o_.layout.c_str());
      return 1;
    }
    const int listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int yes = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<uint16_t>(o_.port));
    if (bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        listen(listener, 64) != 0) {
      std::fprintf(err_, "renkei-file receive: cannot listen on port %d\n", o_.port);
      return 1;
    }
    socklen_t size = sizeof address;
    getsockname(listener, reinterpret_cast<sockaddr*>(&address), &size);
    std::fprintf(out_, "listening on http://127.0.0.1:%d/ writing %s/%s-*.dat\n",
                 ntohs(address.sin_port), o_.out_dir.c_str(),
                 (o_.prefix.empty() ? layout_.name : o_.prefix).c_str());
    std::fflush(out_);
    std::signal(SIGTERM, onSignal);
    std::signal(SIGINT, onSignal);
    std::vector<Connection> connections;
    while (!stopping) {
      std::vector<pollfd> fds{{listener, POLLIN, 0}};
      for (const Connection& c : connections) fds.push_back({c.fd, POLLIN, 0});
      poll(fds.data(), fds.size(), 250);
      file_.rotateIfDue();
      if (fds[0].revents & POLLIN) {
        const int fd = accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd >= 0) connections.push_back({fd, {}});
      }
      for (size_t i = 1; i < fds.size(); ++i) {
        if (fds[i].revents == 0) continue;
        Connection& c = connections[i - 1];
        if (!readFrom(c)) {
          close(c.fd);
          c.fd = -1;
        }
      }
      connections.erase(std::remove_if(connections.begin(), connections.end(),
                                       [](const Connection& c) { return c.fd < 0; }),
                        connections.end());
    }
    for (const Connection& c : connections) close(c.fd);
    close(listener);
    const std::string last = file_.rotate();
    if (!last.empty()) std::fprintf(out_, "published %s\n", last.c_str());
    return 0;
  }

 private:
  // Reads what is there and answers every whole request; false when the connection is done.
  bool readFrom(Connection& c) {
    char chunk[16384];
    const ssize_t n = read(c.fd, chunk, sizeof chunk);
    if (n <= 0) return false;
    c.in.append(chunk, static_cast<size_t>(n));
    for (;;) {
      const size_t head_end = c.in.find("\r\n\r\n");
      if (head_end == std::string::npos) return c.in.size() < 65536;
      std::string head = c.in.substr(0, head_end);
      for (char& ch : head) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      size_t length = 0;
      if (const size_t at = head.find("content-length:"); at != std::string::npos) {
        length = std::strtoul(head.c_str() + at + 15, nullptr, 10);
      }
      if (length > 16 * 1024 * 1024) return false;
      if (c.in.size() < head_end + 4 + length) return true;
      const std::string body = c.in.substr(head_end + 4, length);
      c.in.erase(0, head_end + 4 + length);
      const std::string answer = handle(body);
      for (size_t sent = 0; sent < answer.size();) {
        const ssize_t w = write(c.fd, answer.data() + sent, answer.size() - sent);
        if (w <= 0) return false;
        sent += static_cast<size_t>(w);
      }
    }
  }

  std::string handle(const std::string& body) {
    xml::ParseResult parsed = xml::HardenedParser::forThisThread(schemas_, {}).parse(body);
    if (!parsed.ok()) return fault(parsed.fault->reason);
    if (!parsed.document->issues().empty()) {
      return fault(parsed.document->issues().front().message);
    }
    const DOMElement* envelope = parsed.document->root();
    const DOMElement* soap_body = childNamed(envelope, "Body");
    const DOMElement* message = soap_body ? xml::childElements(soap_body).front() : nullptr;
    if (message == nullptr || !xml::isElement(message, layout_.message.ns, layout_.message.root)) {
      return fault("this receiver writes {" + layout_.message.ns + "}" + layout_.message.root);
    }
    std::string message_id = "-";
    if (const DOMElement* header = childNamed(envelope, "Header")) {
      if (const DOMElement* platform = childNamed(header, "PlatformHeader")) {
        if (const DOMElement* id = childNamed(platform, "MessageId")) message_id = xml::textOf(id);
      }
    }
    // The broker delivers at least once: a copy seen before is acknowledged, not written again.
    if (!seen_.insert(message_id).second) return acknowledgement();
    std::vector<std::string> values(layout_.fields.size());
    for (const MappedElement& m : layout_.mapping) {
      if (!m.field) continue;
      const DOMElement* at = message;
      for (const std::string& local : m.path) {
        at = at ? xml::findChild(at, layout_.message.ns, local) : nullptr;
      }
      if (at != nullptr) values[*m.field] = xml::textOf(at);
    }
    const EncodedRecord record = encodeRecord(layout_, values, gaiji_);
    if (!record.ok()) {
      // Acknowledged (the broker would only retry the same text), never written altered: the
      // reject file says which message and which character.
      for (const auto& [field, reason] : record.errors) {
        rejects_.add(++rejected_, 0, 0, field, "error", "MessageId " + message_id + ": " + reason);
      }
      rejects_.flush();
      std::fprintf(err_, "renkei-file receive: %s not written: %s: %s\n", message_id.c_str(),
                   record.errors.front().first.c_str(), record.errors.front().second.c_str());
      return acknowledgement();
    }
    file_.append(record.bytes + separator_);
    return acknowledgement();
  }

  std::string acknowledgement() const {
    const std::string stamp = utcTimestampNow();
    // The topic's response element (docs/notifications.md, "Delivery").
    const std::string& response = layout_.message.response;
    return httpAnswer(200,
                      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><s:Envelope "
                      "xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:m=\"" +
                          xmlEscapeData(layout_.message.ns) + "\"><s:Body><m:" + response +
                          "><m:UketsukeNichiji>" + stamp + "</m:UketsukeNichiji></m:" + response +
                          "></s:Body></s:Envelope>");
  }

  const ReceiveOptions& o_;
  std::FILE* out_;
  std::FILE* err_;
  Layout layout_;
  GaijiTable gaiji_;
  xml::SchemaSet schemas_;
  std::string separator_;
  RotatingFile file_;
  RejectFile rejects_;
  std::set<std::string> seen_;
  size_t rejected_ = 0;
};

}  // namespace

int runReceive(const ReceiveOptions& options, std::FILE* out, std::FILE* err) {
  try {
    return Receiver(options, out, err).run();
  } catch (const std::exception& e) {
    std::fprintf(err, "renkei-file receive: %s\n", e.what());
    return 1;
  }
}

}  // namespace renkei::file
