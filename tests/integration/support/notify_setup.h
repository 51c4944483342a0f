#pragma once
// For the 通知 tests: subscribers (tests/notify/notify_receiver.cpp) and a `renkei serve`
// process on a configuration with the JuminIdoTsuchi topic, which can be killed and restarted
// on the same store.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "tests/integration/support/soap_client.h"
#include "tests/support/deadline_scale.h"
#include "tests/support/reserved_port.h"

namespace renkei::testing {

inline pid_t spawn(const std::vector<std::string>& args, int stdout_fd, const std::string& err) {
  // Made before fork: the child of a threaded process may only make system calls until it
  // execs (an allocation could wait forever for a lock another thread held at the fork).
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    dup2(stdout_fd, STDOUT_FILENO);
    const int fd = open(err.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) dup2(fd, STDERR_FILENO);
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

// The first line of `fd` within ten seconds.
inline std::string firstLine(int fd) {
  std::string line;
  const auto deadline = std::chrono::steady_clock::now() + scaledDeadline(std::chrono::seconds(10));
  char c;
  while (std::chrono::steady_clock::now() < deadline && read(fd, &c, 1) == 1 && c != '\n') {
    line += c;
  }
  return line;
}

inline void stopProcess(pid_t& pid, int signal) {
  if (pid <= 0) return;
  kill(pid, signal);
  int status = 0;
  waitpid(pid, &status, 0);
  pid = -1;
}

// A subscriber; its log has one line per copy received: "<ms> <name> <MessageId> <AtenaNo>".
class ReceiverProcess {
 public:
  ReceiverProcess(const std::string& dir, const std::string& name, int port = 0,
                  std::vector<std::string> extra = {})
      : log_(dir + "/" + name + ".log") {
    std::vector<std::string> args = {
        std::string(RENKEI_BINARY_DIR) + "/tests/renkei_notify_receiver",
        "--port",
        std::to_string(port),
        "--log",
        log_,
        "--name",
        name};
    args.insert(args.end(), extra.begin(), extra.end());
    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("pipe failed");
    pid_ = spawn(args, out[1], dir + "/" + name + ".err");
    close(out[1]);
    const std::string line = firstLine(out[0]);
    close(out[0]);
    if (line.rfind("port ", 0) != 0) throw std::runtime_error("receiver did not start: " + line);
    port_ = std::stoi(line.substr(5));
  }
  ~ReceiverProcess() { stopProcess(pid_, SIGKILL); }
  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/"; }
  // MessageIds in the order received.
  std::vector<std::string> received() const {
    std::vector<std::string> ids;
    std::ifstream in(log_);
    for (std::string ms, name, id, subject; in >> ms >> name >> id >> subject;) ids.push_back(id);
    return ids;
  }

 private:
  std::string log_;
  pid_t pid_ = -1;
  int port_ = 0;
};

struct Subscriber {
  std::string unit;      // "062022/kokuho"
  std::string endpoint;  // "http://127.0.0.1:PORT/"
  std::string status = "active";
};

// `store` replaces the default SQLite <store> element (and may add an <audit> after it).
inline std::string notifyConfigText(const std::string& dir, const std::vector<Subscriber>& subs,
                                    const std::string& notifications,
                                    const std::string& store = "") {
  std::ostringstream out;
  out << R"(<?xml version="1.0" encoding="UTF-8"?>
<renkei xmlns="urn:renkei:config:v1">
  <listen host="127.0.0.1" port="0" workers="8"/>
  )" << (store.empty() ? "<store kind=\"sqlite\" path=\"" + dir + "/renkei.db\"/>" : store)
      << R"(
  <admin enabled="false"/>
  <forwarding timeoutMs="3000"/>
  )" << notifications
      << R"(
  <schemas xsdDir=")"
      << RENKEI_SOURCE_DIR << R"(/xsd" wsdlDir=")" << RENKEI_SOURCE_DIR << R"(/wsdl"/>
  <services>
    <service name="JuminIdoTsuchi" version="1" wsdl="juki.wsdl" kind="notification">
      <request ns="urn:renkei:unit:juki:v1" element="JuminIdoTsuchi"/>
      <response ns="urn:renkei:unit:juki:v1" element="JuminIdoTsuchiUketsuke"/>
      <subject ns="urn:renkei:unit:juki:v1" element="AtenaNo"/>
    </service>
  </services>
  <units>
    <unit id="062022/juki" name="住民基本台帳" endpoint="http://127.0.0.1:9/" owner="市民課"/>
    <unit id="062022/kikan" name="基幹" endpoint="http://127.0.0.1:9/" owner="情報政策課"/>
)";
  for (const Subscriber& s : subs) {
    out << "    <unit id=\"" << s.unit << "\" name=\"" << s.unit << "\" endpoint=\"" << s.endpoint
        << "\" owner=\"test\"/>\n";
  }
  out << "  </units>\n  <links approver=\"情報政策課長\">\n";
  for (const Subscriber& s : subs) {
    out << "    <link sender=\"062022/juki\" receiver=\"" << s.unit
        << "\" service=\"JuminIdoTsuchi\" version=\"1\" purpose=\"TEST-TSUCHI\" "
           "purposeName=\"test\" legalBasis=\"test\" status=\""
        << s.status << "\"/>\n";
  }
  out << "  </links>\n</renkei>\n";
  return out.str();
}

// `renkei serve` on the notify configuration; restart() starts it again on the same store.
class NotifyBroker {
 public:
  NotifyBroker(const std::string& dir, const std::string& config_text)
      : dir_(dir), config_(dir + "/renkei.xml") {
    std::ofstream(config_) << config_text;
    start();
  }
  ~NotifyBroker() {
    stopProcess(pid_, SIGKILL);
    if (stdout_ >= 0) close(stdout_);
  }
  void start() {
    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("pipe failed");
    pid_ = spawn({std::string(RENKEI_BINARY_DIR) + "/broker/renkei", "serve", "--config", config_},
                 out[1], dir_ + "/broker.err");
    close(out[1]);
    if (stdout_ >= 0) close(stdout_);
    stdout_ = out[0];
    const std::string line = firstLine(out[0]);
    const std::string marker = "listening on http://127.0.0.1:";
    const auto at = line.find(marker);
    if (at == std::string::npos)
      throw std::runtime_error("broker did not start: " + line + stderrText());
    port_ = std::stoi(line.substr(at + marker.size()));
  }
  void kill9() { stopProcess(pid_, SIGKILL); }
  void stop() { stopProcess(pid_, SIGTERM); }
  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(port_) + "/services/JuminIdoTsuchi";
  }
  const std::string& configPath() const { return config_; }
  std::string dbPath() const { return dir_ + "/renkei.db"; }
  std::string stderrText() const { return readTextFile(dir_ + "/broker.err"); }

 private:
  std::string dir_;
  std::string config_;
  pid_t pid_ = -1;
  int stdout_ = -1;
  int port_ = 0;
};

// A 住民異動通知 from 住基 to every subscriber, about 宛名番号 `atena`.
inline std::string notification(const std::string& atena,
                                const std::string& receiver = "062022/subscribers") {
  std::string body = trafficFile("jumin-ido-tsuchi.juki-to-kokuho.xml");
  body = withElementText(std::move(body), "Receiver", receiver);
  return withElementText(std::move(body), "AtenaNo", atena);
}

// A directory for one test's store, configuration and logs, removed at the end. Declare it
// first, so the processes writing into it are gone before it is.
class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/renkei-notify-XXXXXX";
    path_ = mkdtemp(tmpl);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  operator const std::string&() const { return path_; }

 private:
  std::string path_;
};

// Polls `done` every 50 ms for up to `seconds`.
template <typename Done>
bool eventually(Done done, int seconds = 20) {
  const auto deadline =
      std::chrono::steady_clock::now() + scaledDeadline(std::chrono::seconds(seconds));
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return done();
}

}  // namespace renkei::testing
