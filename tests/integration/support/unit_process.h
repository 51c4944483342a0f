#pragma once
// Starts an example unit (a real gSOAP server) as a child process on an ephemeral loopback port
// and stops it when the object goes away.
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>
#include "tests/support/deadline_scale.h"

namespace renkei::testing {

class UnitProcess {
 public:
  // `name` is the executable under build/examples (unit_juki, unit_kokuho, unit_juminzei).
  explicit UnitProcess(const std::string& name, std::vector<std::string> extra_args = {}) {
    const std::string exe = std::string(RENKEI_BINARY_DIR) + "/examples/" + name;
    // Made before fork: the child of a threaded process may only make system calls until it
    // execs (under ASan, a child that allocated while another thread held the allocator's lock
    // hung for good, and the test with it).
    std::vector<std::string> args = {exe, "--host", "127.0.0.1", "--port", "0"};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("pipe failed");
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      dup2(out[1], STDOUT_FILENO);
      close(out[0]);
      close(out[1]);
      execv(exe.c_str(), argv.data());
      _exit(127);
    }
    close(out[1]);
    port_ = readPort(out[0], exe);
    close(out[0]);
  }
  ~UnitProcess() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      int status = 0;
      for (int i = 0; i < 50 && waitpid(pid_, &status, WNOHANG) == 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
      if (waitpid(pid_, &status, WNOHANG) == 0) {
        kill(pid_, SIGKILL);
        waitpid(pid_, &status, 0);
      }
    }
  }
  UnitProcess(const UnitProcess&) = delete;
  UnitProcess& operator=(const UnitProcess&) = delete;

  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/"; }

 private:
  // Reads "listening on 127.0.0.1:PORT" within five seconds.
  static int readPort(int fd, const std::string& exe) {
    std::string line;
    const auto deadline =
        std::chrono::steady_clock::now() + scaledDeadline(std::chrono::seconds(5));
    char c;
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd ready{fd, POLLIN, 0};
      if (poll(&ready, 1, 100) == 0) continue;  // a unit that never reports fails, not hangs
      const ssize_t n = read(fd, &c, 1);
      if (n <= 0) break;
      if (c == '\n') break;
      line += c;
    }
    const auto colon = line.rfind(':');
    if (line.rfind("listening on ", 0) != 0 || colon == std::string::npos) {
      throw std::runtime_error(exe + " did not report its port (got '" + line + "')");
    }
    return std::stoi(line.substr(colon + 1));
  }

  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace renkei::testing
