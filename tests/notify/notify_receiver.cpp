// A subscriber for tests and tests/soak/notify_crash.sh: accepts JuminIdoTsuchi copies on
// loopback, appends one line per copy received to a log ("<epoch ms> <name> <MessageId>
// <AtenaNo>") BEFORE it answers, and answers juki:JuminIdoTsuchiUketsuke. Logging first means
// every acknowledgement the broker saw is in the log, timed before the broker marked it done.
//
//   renkei_notify_receiver --port 0 --log FILE --name kokuho [--fail-first N] [--delay-ms D]
//                          [--fault]
// Prints "port N" on stdout once listening. --fail-first answers HTTP 503 to the first N copies;
// --fault answers every copy with a SOAP Fault (a receiver that never acknowledges).
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>

namespace {

struct Options {
  int port = 0;
  std::string log;
  std::string name = "receiver";
  int fail_first = 0;
  int delay_ms = 0;
  bool fault = false;
};

Options options;
int log_fd = -1;
std::mutex log_mutex;
std::atomic<int> seen{0};

// The text of the first element named `local` (any prefix): enough for a test receiver.
std::string elementText(const std::string& body, const std::string& local) {
  const std::string open = ":" + local + ">";
  auto at = body.find(open);
  if (at == std::string::npos) return "-";
  at += open.size();
  const auto end = body.find('<', at);
  return end == std::string::npos ? "-" : body.substr(at, end - at);
}

std::string answer(int status, const std::string& body) {
  const char* reason = status == 200   ? "OK"
                       : status == 500 ? "Internal Server Error"
                                       : "Service Unavailable";
  return "HTTP/1.1 " + std::to_string(status) + " " + reason +
         "\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::string reply(const std::string& request_body) {
  const int n = ++seen;
  if (n <= options.fail_first) return answer(503, "");
  if (options.delay_ms > 0)
    std::this_thread::sleep_for(std::chrono::milliseconds(options.delay_ms));
  const std::string env = "http://schemas.xmlsoap.org/soap/envelope/";
  if (options.fault) {
    return answer(500, "<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"" + env +
                           "\"><s:Body><s:Fault><faultcode>s:Server</faultcode>"
                           "<faultstring>not today</faultstring></s:Fault></s:Body></s:Envelope>");
  }
  const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  {
    const std::string line = std::to_string(now_ms) + " " + options.name + " " +
                             elementText(request_body, "MessageId") + " " +
                             elementText(request_body, "AtenaNo") + "\n";
    std::lock_guard lock(log_mutex);
    if (log_fd >= 0 && write(log_fd, line.data(), line.size()) < 0) std::perror("log");
  }
  return answer(200, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><s:Envelope xmlns:s=\"" + env +
                         "\" xmlns:juki=\"urn:renkei:unit:juki:v1\"><s:Body>"
                         "<juki:JuminIdoTsuchiUketsuke><juki:UketsukeNichiji>"
                         "2026-01-01T00:00:00Z</juki:UketsukeNichiji>"
                         "</juki:JuminIdoTsuchiUketsuke></s:Body></s:Envelope>");
}

void serve(int fd) {
  std::string buffer;
  char chunk[16384];
  for (;;) {
    auto head_end = buffer.find("\r\n\r\n");
    while (head_end == std::string::npos) {
      const ssize_t n = read(fd, chunk, sizeof chunk);
      if (n <= 0) return close(fd), void();
      buffer.append(chunk, static_cast<size_t>(n));
      head_end = buffer.find("\r\n\r\n");
    }
    size_t length = 0;
    std::string head = buffer.substr(0, head_end);
    for (auto& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (auto at = head.find("content-length:"); at != std::string::npos) {
      length = std::strtoul(head.c_str() + at + 15, nullptr, 10);
    }
    while (buffer.size() < head_end + 4 + length) {
      const ssize_t n = read(fd, chunk, sizeof chunk);
      if (n <= 0) return close(fd), void();
      buffer.append(chunk, static_cast<size_t>(n));
    }
    const std::string body = buffer.substr(head_end + 4, length);
    buffer.erase(0, head_end + 4 + length);
    const std::string out = reply(body);
    size_t sent = 0;
    while (sent < out.size()) {
      const ssize_t n = write(fd, out.data() + sent, out.size() - sent);
      if (n <= 0) return close(fd), void();
      sent += static_cast<size_t>(n);
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i + 1 < argc + 1; ++i) {
    const std::string a = argv[i];
    const auto next = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
    if (a == "--port")
      options.port = std::atoi(next().c_str());
    else if (a == "--log")
      options.log = next();
    else if (a == "--name")
      options.name = next();
    else if (a == "--fail-first")
      options.fail_first = std::atoi(next().c_str());
    else if (a == "--delay-ms")
      options.delay_ms = std::atoi(next().c_str());
    else if (a == "--fault")
      options.fault = true;
    else {
      std::cerr << "usage: renkei_notify_receiver --port P --log FILE --name NAME "
                   "[--fail-first N] [--delay-ms D] [--fault]\n";
      return 2;
    }
  }
  if (!options.log.empty()) {
    log_fd = open(options.log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (log_fd < 0) return std::perror(options.log.c_str()), 1;
  }
  const int listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const int yes = 1;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<uint16_t>(options.port));
  if (bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      listen(listener, 128) != 0) {
    return std::perror("listen"), 1;
  }
  socklen_t size = sizeof address;
  getsockname(listener, reinterpret_cast<sockaddr*>(&address), &size);
  std::cout << "port " << ntohs(address.sin_port) << std::endl;
  for (;;) {
    const int fd = accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    std::thread(serve, fd).detach();
  }
}
